package dev.petal.pretrain;

import dev.petal.models.vae.AutoencoderKL;
import dev.petal.tensor.Tensors;
import dev.petal.training.Checkpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(OneTorchThread.class)
class VaePretrainingTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() {
        data = TinyPretrain.data(tmp.resolve("data"), 3, 2);
    }

    static VaePretraining.Options options(Path out, Optim optim, boolean resume) {
        return new VaePretraining.Options(TinyPretrain.preset("fp32"), data, out, optim, 5, resume);
    }

    @Test
    void reconstructionLossFallsAndTheFolderLoads() throws Exception {
        Path out = tmp.resolve("fit");
        List<Double> rec = new java.util.ArrayList<>();
        VaePretraining.Outcome r = VaePretraining.run(options(out, TinyPretrain.optim(40, 6, 1e-2), false), new PretrainLoop.Listener() {
            @Override
            public void onStep(PretrainLoop.StepLog log) {
                rec.add(log.parts().get("rec"));
            }
        });
        double first = (rec.get(0) + rec.get(1) + rec.get(2)) / 3, last = (rec.get(37) + rec.get(38) + rec.get(39)) / 3;
        assertTrue(last < 0.6 * first, "L1 should fall on 6 memorisable images: " + first + " → " + last);
        AutoencoderKL vae = AutoencoderKL.load(out.resolve("vae"));
        assertEquals(r.scalingFactor(), vae.config.scalingFactor(), 1e-9);
        assertTrue(r.scalingFactor() > 0 && Double.isFinite(r.scalingFactor()));
        assertEquals(List.of("noto", "twemoji", "all"), List.copyOf(r.psnr().keySet()));
        assertTrue(r.psnr().values().stream().allMatch(v -> v > 0 && Double.isFinite(v)), "PSNR " + r.psnr());
        assertTrue(Files.exists(out.resolve("samples/reconstructions.png")) && Files.exists(out.resolve("eval.json")));
        assertEquals(40, Files.readAllLines(out.resolve("loss.jsonl")).size());
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        Optim optim = new Optim(6, 2, 1e-3, "cosine", 2, 0.01, 1.0, 2, 2);
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        VaePretraining.run(options(a, optim, false), new PretrainLoop.Listener() {
        });
        assertThrows(IllegalStateException.class, () -> VaePretraining.run(options(b, optim, false), new PretrainLoop.Listener() {
            @Override
            public void afterStep(int step) {
                if (step == 5) throw new IllegalStateException("simulated crash");
            }
        }));
        assertEquals(4, Checkpoints.latestStored(b).step());
        VaePretraining.run(options(b, optim, true), new PretrainLoop.Listener() {
        });
        Map<String, float[]> wa = weights(a), wb = weights(b);
        assertEquals(wa.keySet(), wb.keySet());
        for (String k : wa.keySet()) assertArrayEquals(wa.get(k), wb.get(k), k);
        assertEquals(Files.readAllLines(a.resolve("loss.jsonl")).stream().map(l -> l.replaceAll(",\"time_s\".*", "")).toList(),
                Files.readAllLines(b.resolve("loss.jsonl")).stream().map(l -> l.replaceAll(",\"time_s\".*", "")).toList());

        var other = options(b, new Optim(8, 2, 2e-3, "cosine", 2, 0.01, 1.0, 2, 2), true);
        var e = assertThrows(IllegalArgumentException.class, () -> VaePretraining.run(other, new PretrainLoop.Listener() {
        }));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    private static Map<String, float[]> weights(Path run) {
        Map<String, float[]> out = new LinkedHashMap<>();
        AutoencoderKL.load(run.resolve("vae")).stateDict().forEach((k, t) -> out.put(k, Tensors.toFloats(t)));
        return out;
    }

    @Test
    void fp16WeightsAreStoredHalfAndLoadAsFloat() {
        Path out = tmp.resolve("half");
        var o = new VaePretraining.Options(TinyPretrain.preset("fp16"), data, out, TinyPretrain.optim(1, 2, 1e-3), 0, false);
        VaePretraining.run(o, new PretrainLoop.Listener() {
        });
        try (var f = dev.petal.safetensors.SafetensorsFile.open(out.resolve("vae").resolve(ModelFiles.DIFFUSERS_WEIGHTS))) {
            assertEquals(dev.petal.safetensors.DType.F16, f.entry("decoder.conv_out.weight").dtype());
        }
        assertTrue(Tensors.isFloat32(AutoencoderKL.load(out.resolve("vae")).decoder.convOut.weight));
    }
}
