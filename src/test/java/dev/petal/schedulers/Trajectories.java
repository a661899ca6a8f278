package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;

import static dev.petal.schedulers.Tolerance.STEP;
import static dev.petal.schedulers.Tolerance.TABLE;
import static dev.petal.schedulers.Tolerance.TRAJECTORY;
import static dev.petal.schedulers.Tolerance.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The trajectory checks of one fixture folder, following meta.json → trajectory_protocol. */
final class Trajectories {
    private Trajectories() {
    }

    static String step(int i) {
        return String.format("step%03d", i);
    }

    /** The sampler for a trajectory key: N from the key, DDIM's eta from meta.json. */
    static Sampler sampler(FixtureCase c, String key) {
        int n = SchedulerFixtureTest.stepsOf(key);
        double eta = c.meta().get("trajectories").get(key).path("eta").asDouble(0.0);
        if (eta != 0) return Samplers.ddim(c.config(), n, eta);
        return c.sampler(n);
    }

    /** Number of model calls, their timesteps and which of them add noise, against meta.json. */
    static void calls(FixtureCase c, String key) {
        JsonNode t = c.meta().get("trajectories").get(key);
        JsonNode calls = t.get("calls");
        try (Sampler s = sampler(c, key); SafetensorsFile f = SafetensorsFile.open(SchedulerFixtureTest.trajectoryFile(c, key))) {
            assertEquals(t.get("num_calls").asInt(), s.numSteps(), c.name() + " " + key + ": number of model calls");
            assertEquals(calls.size(), s.numSteps(), c.name() + " " + key + ": calls listed");
            double[] ref = new double[calls.size()];
            for (int i = 0; i < ref.length; i++) {
                JsonNode call = calls.get(i);
                assertEquals(i, call.get("i").asInt());
                ref[i] = call.get("timestep").asDouble();
                boolean noise = call.get("noise_used").asBoolean();
                assertEquals(noise, s.needsNoise(i), c.name() + " " + key + " call " + i + ": adds noise");
                assertEquals(noise, f.contains(step(i) + ".variance_noise"), c.name() + " " + key + " call " + i
                        + ": variance_noise stored");
            }
            if (s.fractionalTimesteps()) {
                assertClose(c.name(), "tables", key + " call timesteps", s.timesteps(), ref, TABLE);
            } else {
                Tolerance.assertExact(c.name(), key + " call timesteps", SchedulerFixtureTest.toLongs(s.timesteps()),
                        SchedulerFixtureTest.toLongs(ref));
            }
            assertFalse(f.contains(step(s.numSteps()) + ".model_output"), c.name() + " " + key
                    + ": the file has more steps than meta.json lists");
        }
    }

    /** Each step restarted from the stored previous sample (single-step samplers only). */
    static void singleSteps(FixtureCase c, String key) {
        Path file = SchedulerFixtureTest.trajectoryFile(c, key);
        try (Sampler s = sampler(c, key); SafetensorsFile f = SafetensorsFile.open(file)) {
            for (int i = 0; i < s.numSteps(); i++) {
                String p = step(i);
                Tensor x = Tensors.load(f, i == 0 ? "x_init" : step(i - 1) + ".prev_sample");
                if (f.contains(p + ".scaled_model_input")) {
                    assertClose(c.name(), "single step", key + " " + p + ".scaled_model_input",
                            Tensors.toDoubles(s.scaleModelInput(x, i)), f.doubles(p + ".scaled_model_input"), STEP);
                }
                StepOutput out = s.step(Tensors.load(f, p + ".model_output"), i, x, noise(f, p));
                assertClose(c.name(), "single step", key + " " + p + ".prev_sample",
                        Tensors.toDoubles(out.prevSample()), f.doubles(p + ".prev_sample"), STEP);
                assertClose(c.name(), "single step", key + " " + p + ".pred_original_sample",
                        Tensors.toDoubles(out.predOriginal()), f.doubles(p + ".pred_original_sample"), STEP);
            }
        }
    }

    /** All steps chained from x_init on one sampler: every prev_sample and x_final. */
    static void chained(FixtureCase c, String key) {
        Path file = SchedulerFixtureTest.trajectoryFile(c, key);
        try (Sampler s = sampler(c, key); SafetensorsFile f = SafetensorsFile.open(file)) {
            Tensor x = Tensors.load(f, "x_init");
            for (int i = 0; i < s.numSteps(); i++) {
                String p = step(i);
                if (f.contains(p + ".scaled_model_input")) {
                    assertClose(c.name(), "chained trajectory", key + " " + p + ".scaled_model_input",
                            Tensors.toDoubles(s.scaleModelInput(x, i)), f.doubles(p + ".scaled_model_input"),
                            TRAJECTORY);
                }
                x = s.step(Tensors.load(f, p + ".model_output"), i, x, noise(f, p)).prevSample();
                assertClose(c.name(), "chained trajectory", key + " " + p + ".prev_sample", Tensors.toDoubles(x),
                        f.doubles(p + ".prev_sample"), TRAJECTORY);
            }
            assertClose(c.name(), "chained trajectory", key + " x_final", Tensors.toDoubles(x), f.doubles("x_final"),
                    TRAJECTORY);
        }
    }

    private static Tensor noise(SafetensorsFile f, String p) {
        return f.contains(p + ".variance_noise") ? Tensors.load(f, p + ".variance_noise") : null;
    }
}
