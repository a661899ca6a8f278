package dev.petal.schedulers;

import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplersTest {

    @ParameterizedTest
    @ValueSource(strings = {"ddpm", "ddim", "pndm", "euler", "dpmpp-2m", "dpmpp-2m-karras", "dpmpp-3m"})
    void everyNameRunsAWholeSchedule(String name) {
        try (Sampler s = Samplers.create(name, 10)) {
            assertEquals(name.equals("pndm") ? 11 : 10, s.numSteps());
            Tensor x = Tensors.fromFloats(new float[]{0.5f, -1f, 2f, 0f}, 1, 1, 2, 2)
                    .mul(new org.bytedeco.pytorch.Scalar(s.initNoiseSigma()));
            Tensor eps = Tensors.fromFloats(new float[]{0.1f, 0.2f, -0.3f, 0.4f}, 1, 1, 2, 2);
            for (int i = 0; i < s.numSteps(); i++) {
                Tensor t = s.timestep(i);
                assertEquals(0, t.dim());
                assertEquals(name.equals("euler") ? ScalarType.Float.value : ScalarType.Long.value,
                        t.scalar_type().value);
                x = s.step(eps, i, x, s.needsNoise(i) ? eps : null).prevSample();
            }
            for (double v : Tensors.toDoubles(x)) assertTrue(Double.isFinite(v), name + " produced " + v);
        }
    }

    @Test
    void unknownNameAndBadStepCounts() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Samplers.create("lms", 20)).getMessage()
                .contains("dpmpp-2m"));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("ddim", 0));
        assertThrows(IllegalArgumentException.class, () -> Samplers.create("ddim", 1001));
    }

    @Test
    void multistepSamplersRefuseStepsOutOfOrder() {
        Tensor x = Tensors.fromFloats(new float[]{1, 2}, 1, 2);
        try (Sampler s = Samplers.create("dpmpp-2m", 5)) {
            s.step(x, 0, x);
            assertThrows(IllegalStateException.class, () -> s.step(x, 2, x));
        }
        try (Sampler s = Samplers.create("pndm", 5)) {
            assertThrows(IllegalStateException.class, () -> s.step(x, 1, x));
        }
        try (Sampler s = Samplers.create("ddim", 5)) {
            assertThrows(IllegalArgumentException.class,
                    () -> s.step(Tensors.fromFloats(new float[]{1, 2, 3}, 1, 3), 0, x));
        }
    }

    @Test
    void stochasticStepsNeedNoise() {
        Tensor x = Tensors.fromFloats(new float[]{1, 2}, 1, 2);
        try (Sampler ddpm = Samplers.create("ddpm", 5)) {
            assertTrue(ddpm.needsNoise(0));
            assertThrows(IllegalArgumentException.class, () -> ddpm.step(x, 0, x, null));
            assertNotNull(ddpm.step(x, 0, x).prevSample()); // draws its own
        }
        DdimSampler ddim = Samplers.ddim(SchedulerConfig.stableDiffusion(SchedulerKind.DDIM), 5, 0.5);
        assertTrue(ddim.needsNoise(3));
        assertThrows(IllegalArgumentException.class, () -> ddim.step(x, 0, x, null));
    }

    /** The history must survive the PointerScope a pipeline wraps each step in. */
    @ParameterizedTest
    @ValueSource(strings = {"pndm_eps", "dpmpp3m_eps"})
    void historySurvivesAScopePerStep(String cfg) {
        Path dir = Fixtures.root().resolve("schedulers").resolve(cfg);
        SchedulerConfig config = SchedulerConfig.read(dir.resolve("scheduler_config.json"));
        try (Sampler s = Samplers.create(config, 25);
             SafetensorsFile f = SafetensorsFile.open(dir.resolve("trajectory_n25.safetensors"))) {
            Tensor x = Tensors.load(f, "x_init");
            for (int i = 0; i < s.numSteps(); i++) {
                try (Scope scope = Scope.open()) {
                    Tensor out = s.step(Tensors.load(f, Trajectories.step(i) + ".model_output"), i, x).prevSample();
                    // not scope.keep(out): Scope.keep frees what it keeps (reported to the lead)
                    x = TensorMath.retain(out);
                }
                System.gc();
            }
            Tolerance.assertClose(cfg, "chained, scope per step", "n25 x_final", Tensors.toDoubles(x),
                    f.doubles("x_final"), Tolerance.TRAJECTORY);
        }
    }

    @Test
    void trainingTargets() {
        SchedulerConfig c = SchedulerConfig.stableDiffusion(SchedulerKind.DDPM)
                .as(SchedulerKind.DDPM, java.util.Map.of("prediction_type", "v_prediction"));
        NoiseSchedule s = NoiseSchedule.of(c);
        Tensor x0 = Tensors.fromFloats(new float[]{1, 2, 3, 4}, 2, 2);
        Tensor noise = Tensors.fromFloats(new float[]{0.5f, -0.5f, 1, -1}, 2, 2);
        Tensor t = Tensors.fromLongs(new long[]{10, 900}, 2);
        assertArrayEquals(Tensors.toDoubles(s.addNoise(x0, noise, 10L, 900L)),
                Tensors.toDoubles(s.addNoise(x0, noise, t)));
        double a = Math.sqrt(s.alphaCumprod(900)), b = Math.sqrt(1 - s.alphaCumprod(900));
        double[] v = Tensors.toDoubles(s.target(c.predictionType(), x0, noise, t));
        assertEquals(a * 1 - b * 3, v[2], 1e-6);
        assertEquals(noise, s.target(PredictionType.EPSILON, x0, noise, t));
        assertEquals(x0, s.target(PredictionType.SAMPLE, x0, noise, t));
        assertThrows(IllegalArgumentException.class, () -> s.addNoise(x0, noise, 1000L, 0L));
    }

    @Test
    void karrasEndpoints() {
        double[] s = KarrasSigmas.sigmas(0.03, 14.6, 12);
        assertEquals(14.6, s[0], 1e-12);
        assertEquals(0.03, s[11], 1e-12);
        double[] training = NoiseSchedule.of(SchedulerConfig.stableDiffusion(SchedulerKind.EULER)).sigmas();
        assertEquals(617.0, KarrasSigmas.sigmaToTimestep(training[617], KarrasSigmas.log(training)), 1e-9);
    }

    /** A fixture folder whose class Petal does not know yields a failing test, not a skipped one. */
    @Test
    void unknownFixtureClassFails(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("lms_eps"));
        Files.writeString(folder.resolve("meta.json"), "{\"class\": \"LMSDiscreteScheduler\"}");
        Files.writeString(folder.resolve("scheduler_config.json"), "{\"_class_name\": \"LMSDiscreteScheduler\"}");
        DynamicNode node = SchedulerFixtureTest.folder(folder);
        DynamicTest test = assertInstanceOf(DynamicTest.class, node);
        SchedulerConfigException e = assertThrows(SchedulerConfigException.class, () -> test.getExecutable().execute());
        assertEquals("_class_name", e.field());
    }
}
