package dev.petal.eval.dino;

import dev.petal.eval.EvalFixtures;
import dev.petal.eval.EvalParity;
import dev.petal.eval.Float64;
import dev.petal.eval.features.FeatureRows;
import dev.petal.eval.metrics.Cosine;
import dev.petal.nn.Init;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The DINO-layout ViTModel against transformers: hidden states, CLS embeddings, CLS cosines; float64 to 1e-9. */
class DinoParityTest {
    static final double TOL = 1e-4;
    static Path dir;
    static SafetensorsFile io;

    @BeforeAll
    static void open() {
        dir = EvalFixtures.root().resolve("dino");
        io = SafetensorsFile.open(dir.resolve("io.safetensors"));
    }

    @AfterAll
    static void close() {
        io.close();
    }

    @Test
    void hiddenStatesClsAndCosines() {
        ViTModel m = ViTModel.load(dir.resolve("model"));
        try (NoGrad g = NoGrad.open()) {
            var out = m.forward(Tensors.load(io, "in.pixel_values"));
            for (int k = 0; k < out.hiddenStates().size(); k++) {
                EvalParity.assertClose("dino hidden_states." + k, out.hiddenStates().get(k), io, "hidden_states." + k, TOL);
            }
            EvalParity.assertClose("dino last_hidden_state", out.lastHiddenState(), io, "last_hidden_state", TOL);
            EvalParity.assertClose("dino cls", out.cls(), io, "cls", TOL);
            float[][] cls = FeatureRows.of(out.cls());
            double[][] cos = Cosine.matrix(cls, cls);
            float[] flat = new float[16];
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) flat[i * 4 + j] = (float) cos[i][j];
            EvalParity.assertClose("dino cos_cls", flat, io.floats("cos_cls"), TOL);
        }
    }

    @Test
    void float64MatchesTheFloat64Recomputation() {
        ViTModel m = Float64.convert(ViTModel.load(dir.resolve("model")));
        try (NoGrad g = NoGrad.open()) {
            var out = m.forward(Tensors.load(io, "in.pixel_values").to(ScalarType.Double));
            Float64.assertClose("dino f64.last_hidden_state", Tensors.toDoubles(out.lastHiddenState()), io.doubles("f64.last_hidden_state"), 1e-9);
            Float64.assertClose("dino f64.cls", Tensors.toDoubles(out.cls()), io.doubles("f64.cls"), 1e-9);
        }
    }

    @Test
    void dinoVitS16ConfigBuildsThePublishedArchitecture() {
        ViTConfig c = ViTConfig.load(Path.of("src/test/fixtures/eval-configs/dino-vits16-config.json"));
        assertEquals(new ViTConfig(384, 12, 6, 1536, 1e-12, 224, 16, 3, true), c);
        assertEquals(21_665_664L, Init.onDevice(new Device("meta"), () -> new ViTModel(c)).parameterCount());
    }
}
