package dev.petal.training;

import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Adapters;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    @TempDir
    Path tmp;

    static TrainConfig recipe(int steps, double lr, int every) {
        return TrainConfig.adapter(AdapterSpec.recipe(8), steps, lr, 1234).withSteps(steps, every, 2);
    }

    /** A fixed evaluation of the denoising loss (same noise and timesteps every call). */
    static double evalLoss(StableDiffusion sd, DiffusionLoss loss, LatentDataset ds) {
        double sum = 0;
        try (NoGrad g = NoGrad.open()) {
            for (int k = 0; k < 8; k++) {
                try (Scope s = Scope.open()) {
                    Torch.seed(777 + k);
                    long[] idx = new long[ds.size()];
                    for (int i = 0; i < idx.length; i++) idx[i] = i;
                    Tensor lat = ds.latents(idx, null, org.bytedeco.pytorch.global.torch.randn(idx.length, 4, 12, 12));
                    DiffusionLoss.Noised n = loss.noise(lat);
                    sum += loss.perSample(sd.unet().forward(n.input(), n.timesteps(), ds.embeddings(idx)), n).mean().item_double();
                }
            }
        }
        return sum / 8;
    }

    @Test
    void lossFallsOnAMemorisableTargetAndOnlyAdaptersChange() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset ds = TinySd.images(sd, 1, "an emoji of a sks cat", 1, false);
        Map<String, float[]> before = new LinkedHashMap<>();
        sd.unet().namedParameters().forEach((n, t) -> before.put(n, Tensors.toFloats(t)));
        TrainConfig cfg = recipe(150, 1e-2, 0);
        DiffusionLoss loss = TinySd.loss(sd, cfg);
        Torch.seed(0);
        Adapters.Attached a = Adapters.attach(sd.unet(), cfg.adapter());
        double start = evalLoss(sd, loss, ds);
        Trainer.Result r = new Trainer(sd.unet(), new AdapterTrainable(a, sd.unet()), loss, cfg, ds, null, tmp.resolve("run")).run(false, new Trainer.Listener() {
        });
        double end = evalLoss(sd, loss, ds);
        assertTrue(end < 0.95 * start, "eval loss should fall: " + start + " → " + end);
        assertEquals(150, r.log().size());
        sd.unet().namedParameters().forEach((n, t) -> {
            if (!n.contains(".adapter.")) assertArrayEquals(before.get(n), Tensors.toFloats(t), "base weight changed: " + n);
        });
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertTrue(Tensors.toFloats(e.getValue()).length > 0);
        }
    }

    @Test
    void fullFineTuningMemorisesOneImage() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset ds = TinySd.images(sd, 1, "an emoji of a sks cat", 1, false);
        TrainConfig cfg = new TrainConfig("full", null, null, null, null, 150, 1, 1, 1e-3, 0.9, 0.999, 0.01, 1e-8, "constant", 0,
                1.0, 1234, 0, 0, 1, false, 0, 1, "no", false);
        DiffusionLoss loss = TinySd.loss(sd, cfg);
        double start = evalLoss(sd, loss, ds);
        new Trainer(sd.unet(), new FullTrainable(sd.unet()), loss, cfg, ds, null, tmp.resolve("full")).run(false, new Trainer.Listener() {
        });
        double end = evalLoss(sd, loss, ds);
        assertTrue(end < 0.5 * start, "full fine-tuning should memorise: " + start + " → " + end);
    }

    @Test
    void resumedRunEqualsUninterruptedRunBitForBit() throws Exception {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset inst = TinySd.images(sd, 3, "an emoji of a sks cat", 1, true);
        LatentDataset prior = TinySd.images(sd, 4, "an emoji of a cat", 2, true);
        TrainConfig cfg = recipe(12, 1e-3, 4);
        Map<String, float[]> uninterrupted = train(sd, inst, prior, cfg, tmp.resolve("a"), -1);
        Path b = tmp.resolve("b");
        assertThrows(IllegalStateException.class, () -> train(sd, inst, prior, cfg, b, 6));
        assertEquals(1, Checkpoints.list(b).size(), "one checkpoint (step 4) before the crash at step 6");
        assertEquals(4, Checkpoints.latest(b).step());
        Map<String, float[]> resumed = train(sd, inst, prior, cfg, b, -1, true);
        assertEquals(uninterrupted.keySet(), resumed.keySet());
        for (String k : uninterrupted.keySet()) assertArrayEquals(uninterrupted.get(k), resumed.get(k), k);
        List<String> log = Files.readAllLines(b.resolve("loss.jsonl"));
        assertEquals(12, log.size(), "the log holds each step once after resuming");
        assertEquals(Files.readAllLines(tmp.resolve("a/loss.jsonl")).stream().map(l -> l.replaceAll(",\"time_s\".*", "")).toList(),
                log.stream().map(l -> l.replaceAll(",\"time_s\".*", "")).toList());
        assertEquals(2, Checkpoints.list(b).size(), "keeps the last 2 checkpoints");
    }

    @Test
    void aPausedRunCheckpointsWhereItStopsAndResumesBitForBit() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset inst = TinySd.images(sd, 3, "an emoji of a sks cat", 1, true);
        TrainConfig cfg = recipe(10, 1e-3, 4);
        Map<String, float[]> uninterrupted = train(sd, inst, null, cfg, tmp.resolve("a"), -1);
        Path b = tmp.resolve("b");
        Torch.seed(cfg.seed());
        Adapters.Attached a = Adapters.attach(sd.unet(), cfg.adapter());
        Trainer.Result paused;
        try {
            paused = new Trainer(sd.unet(), new AdapterTrainable(a, sd.unet()), TinySd.loss(sd, cfg), cfg, inst, null, b).run(false,
                    new Trainer.Listener() {
                        @Override
                        public boolean pauseAfter(int step) {
                            return step >= 6;
                        }
                    });
        } finally {
            a.detach();
        }
        assertEquals(6, paused.steps());
        assertEquals(6, Checkpoints.latest(b).step(), "a checkpoint where it paused, though 6 is not a multiple of 4");
        Map<String, float[]> resumed = train(sd, inst, null, cfg, b, -1, true);
        for (String k : uninterrupted.keySet()) assertArrayEquals(uninterrupted.get(k), resumed.get(k), k);
    }

    private static Map<String, float[]> train(StableDiffusion sd, LatentDataset inst, LatentDataset prior, TrainConfig cfg, Path run, int crashAt) {
        return train(sd, inst, prior, cfg, run, crashAt, false);
    }

    private static Map<String, float[]> train(StableDiffusion sd, LatentDataset inst, LatentDataset prior, TrainConfig cfg, Path run,
                                              int crashAt, boolean resume) {
        Torch.seed(cfg.seed());
        Adapters.Attached a = Adapters.attach(sd.unet(), cfg.adapter());
        try {
            new Trainer(sd.unet(), new AdapterTrainable(a, sd.unet()), TinySd.loss(sd, cfg), cfg, inst, prior, run).run(resume, new Trainer.Listener() {
                @Override
                public void afterStep(int step) {
                    if (step == crashAt) throw new IllegalStateException("simulated crash");
                }
            });
            Map<String, float[]> out = new LinkedHashMap<>();
            a.stateDict().forEach((n, t) -> out.put(n, Tensors.toFloats(t)));
            return out;
        } finally {
            a.detach();
        }
    }

    @Test
    void nanLossStopsTheRunAndKeepsTheLastCheckpoint() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset ds = TinySd.images(sd, 1, "x", 1, false);
        TrainConfig cfg = recipe(10, 1e-3, 2);
        Adapters.Attached a = Adapters.attach(sd.unet(), cfg.adapter());
        Path run = tmp.resolve("nan");
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () ->
                new Trainer(sd.unet(), new AdapterTrainable(a, sd.unet()), TinySd.loss(sd, cfg), cfg, ds, null, run).run(false, new Trainer.Listener() {
                    @Override
                    public void afterStep(int step) {
                        if (step == 3) { // poison the adapter: the next loss is NaN
                            try (NoGrad g = NoGrad.open()) {
                                a.stateDict().values().iterator().next().fill_(new org.bytedeco.pytorch.Scalar(Double.NaN));
                            }
                        }
                    }
                }));
        assertTrue(e.getMessage().contains("step 4") && e.getMessage().contains("step-000002"), e.getMessage());
        assertEquals(2, Checkpoints.latest(run).step());
        for (float[] v : loadCheckpoint(run)) for (float x : v) assertFalse(Float.isNaN(x), "the kept checkpoint is clean");
    }

    private static List<float[]> loadCheckpoint(Path run) {
        try (var f = dev.petal.safetensors.SafetensorsFile.open(Checkpoints.latest(run).dir().resolve("trainable.safetensors"))) {
            return f.names().stream().map(f::floats).toList();
        }
    }

    @Test
    void lrSchedules() {
        LrSchedule c = new LrSchedule("cosine", 10, 110);
        assertEquals(0.0, c.factor(0));
        assertEquals(0.5, c.factor(5), 1e-12);
        assertEquals(1.0, c.factor(10), 1e-12);
        assertEquals(0.5, c.factor(60), 1e-12);
        assertEquals(0.0, c.factor(110), 1e-12);
        assertEquals(0.5, new LrSchedule("linear", 0, 100).factor(50), 1e-12);
        assertEquals(1.0, new LrSchedule("constant", 0, 100).factor(99));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule("exp", 0, 10));
    }

    /** bf16 autocast (the CUDA path, exercised on the CPU): trained weights stay fp32, the loss stays finite. */
    @Test
    void mixedPrecisionKeepsFp32WeightsAndTrains() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset ds = TinySd.images(sd, 1, "x", 1, false);
        TrainConfig fp32 = recipe(3, 1e-3, 0);
        TrainConfig bf16 = new TrainConfig("adapter", fp32.adapter(), null, null, null, 3, 1, 1, 1e-3, 0.9, 0.999, 0.01, 1e-8, "constant", 0,
                1.0, 1234, 0, 0, 1, false, 0, 1, "bf16", false);
        Adapters.Attached a = Adapters.attach(sd.unet(), bf16.adapter());
        Trainer.Result r = new Trainer(sd.unet(), new AdapterTrainable(a, sd.unet()), TinySd.loss(sd, bf16), bf16, ds, null, tmp.resolve("bf16"))
                .run(false, new Trainer.Listener() {
                });
        assertTrue(Double.isFinite(r.finalLoss()));
        for (Tensor t : a.stateDict().values()) assertEquals(dev.petal.safetensors.DType.F32, Tensors.dtype(t));
        assertFalse(org.bytedeco.pytorch.global.torch.is_autocast_enabled(org.bytedeco.pytorch.global.torch.DeviceType.CPU),
                "autocast is switched off after the forward pass");
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig("adapter", fp32.adapter(), null, null, null, 3, 1, 1, 1e-3, 0.9,
                0.999, 0.01, 1e-8, "constant", 0, 1.0, 1, 0, 0, 1, false, 0, 1, "fp8", false));
    }

    /** A run with gradient checkpointing ends with the same adapter as one without (same seeds). */
    @Test
    void gradientCheckpointingTrainsTheSameWeights() {
        StableDiffusion sd = TinySd.load(tmp);
        LatentDataset ds = TinySd.images(sd, 2, "x", 1, false);
        LatentDataset prior = TinySd.images(sd, 2, "y", 2, false);
        TrainConfig plain = recipe(4, 1e-3, 0);
        TrainConfig ckpt = new TrainConfig("adapter", plain.adapter(), null, null, null, 4, 1, 2, 1e-3, 0.9, 0.999, 0.01, 1e-8, "constant", 0,
                1.0, plain.seed(), 0, 0, 1, true, 0, 1, "no", true);
        TrainConfig plain2 = new TrainConfig("adapter", plain.adapter(), null, null, null, 4, 1, 2, 1e-3, 0.9, 0.999, 0.01, 1e-8, "constant", 0,
                1.0, plain.seed(), 0, 0, 1, true, 0, 1, "no", false);
        Map<String, float[]> a = train(sd, ds, prior, plain2, tmp.resolve("p"), -1);
        Map<String, float[]> b = train(sd, ds, prior, ckpt, tmp.resolve("c"), -1);
        for (String k : a.keySet()) dev.petal.Parity.assertClose(k, b.get(k), a.get(k), 1e-5);
    }
}
