package dev.petal.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.petal.data.ImageCaptionDataset;
import dev.petal.eval.ClipScorer;
import dev.petal.eval.MetricResult;
import dev.petal.images.Images;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;
import dev.petal.study.StudyDir;
import dev.petal.study.StudySpec;
import dev.petal.study.Trial;
import dev.petal.study.TrialSettings;
import dev.petal.training.TrainConfig;
import dev.petal.training.Trainer;
import org.bytedeco.pytorch.Tensor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial of a study, start to finish: train with the trial's settings (resuming its own checkpoints after an
 * interruption), sample the evaluation images with the study's sampling settings, score them, draw the
 * noise-difference map, and write {@code metrics.json} last.
 */
public final class StudyTrial {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StudyTrial() {
    }

    /** The TrainConfig of a trial: its levels over the study's defaults; checkpoints 4 times per run for resuming. */
    public static TrainConfig config(StudySpec spec, TrialSettings s) {
        Map<String, Object> t = spec.train();
        return new TrainConfig(s.method(), s.method().equals("adapter") ? s.adapterSpec() : null,
                s.method().equals("lora") ? s.rank() : null, s.method().equals("lora") ? (double) s.rank() : null, null,
                s.steps(), intOr(t, "batch_size", 1), intOr(t, "grad_accumulation", 1), s.lr(), 0.9, 0.999,
                doubleOr(t, "weight_decay", 0.01), 1e-8, "constant", 0, doubleOr(t, "max_grad_norm", 1.0), s.seed(),
                doubleOr(t, "min_snr_gamma", 0), 0, doubleOr(t, "prior_loss_weight", 1.0), true,
                Math.max(1, s.steps() / 4), 1, String.valueOf(t.getOrDefault("mixed_precision", "no")),
                Boolean.parseBoolean(String.valueOf(t.getOrDefault("gradient_checkpointing", "false"))));
    }

    /**
     * The image the noise-difference map is drawn on: as in the paper, a class image (the first of the study's
     * class images, the same for every trial); the first subject image when the study has no class images.
     */
    static Tensor noiseMapImage(StudyDir study, StudySpec.Task task, int size) throws IOException {
        Path classDir = task.classImages() != null ? Path.of(task.classImages()) : study.root().resolve("class-images");
        if (Files.isDirectory(classDir)) {
            List<Path> classes = ClassImages.existing(classDir);
            if (!classes.isEmpty()) {
                BufferedImage img = Images.read(classes.get(0));
                if (img.getWidth() == size && img.getHeight() == size) return Images.toTensor(img).mul(new org.bytedeco.pytorch.Scalar(2.0)).sub(new org.bytedeco.pytorch.Scalar(1.0));
            }
        }
        return ImageCaptionDataset.withCaption(Path.of(task.instanceImages()), task.instancePrompt(), size, false, 0).images().get(0);
    }

    public static void run(StudyDir study, Trial trial, Trainer.Listener progress) throws IOException {
        StudySpec spec = study.spec();
        StudySpec.Task task = spec.task();
        TrialSettings settings = TrialSettings.of(spec, trial.levels(), trial.seed());
        TrainConfig cfg = config(spec, settings);
        Path dir = study.trialDir(trial.id());
        StudyDir.writeAtomically(dir.resolve("trial.json"), JSON.writeValueAsString(Map.of("id", trial.id(), "levels", trial.levels(),
                "seed", trial.seed(), "config", JSON.readTree(cfg.toJson()))));
        StableDiffusion sd = StableDiffusion.open(Path.of(spec.model()), null, null);
        TrainingRun.Outcome outcome;
        List<Path> references;
        List<String> evalPrompts;
        if (task.kind().equals("personalize")) {
            int classes = task.numClassImages() == null ? 0 : task.numClassImages();
            Path classDir = task.classImages() != null ? Path.of(task.classImages()) : study.root().resolve("class-images");
            var o = new Personalize.Options(Path.of(task.instanceImages()), task.instancePrompt(), task.classPrompt(), classDir, classes,
                    0, dir.resolve("run"), true, null, 0, Personalize.ClassSampling.DEFAULT);
            outcome = Personalize.run(sd, cfg, o, new Personalize.Progress() {
                @Override
                public void onStep(Trainer.StepLog log) {
                    progress.onStep(log);
                }
            });
            references = ImageCaptionDataset.withCaption(Path.of(task.instanceImages()), task.instancePrompt(), 8, false, 0)
                    .examples().stream().map(ImageCaptionDataset.Example::file).toList();
            evalPrompts = Collections.nCopies(spec.sampling().numImages(), task.instancePrompt());
        } else {
            outcome = Finetune.run(sd, cfg, new Finetune.Options(Path.of(task.data()), 0, dir.resolve("run"), true, null, 0), progress);
            ImageCaptionDataset eval = ImageCaptionDataset.open(Path.of(task.evalData() != null ? task.evalData() : task.data()), 8, false, 0);
            references = eval.examples().stream().map(ImageCaptionDataset.Example::file).toList();
            evalPrompts = task.evalPrompts() != null ? task.evalPrompts()
                    : eval.captions().subList(0, Math.min(eval.size(), spec.sampling().numImages()));
        }
        Tensor images = sample(sd, spec.sampling(), evalPrompts, dir.resolve("samples"));
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        if (spec.evaluator() != null) {
            ClipScorer clip = ClipScorer.open(Path.of(spec.evaluator())).withCache(study.root().resolve(".feature-cache"));
            var generated = ClipScorer.images(images);
            for (String m : spec.metrics()) {
                MetricResult r = switch (m) {
                    case "clip-i" -> clip.clipI(generated, clip.fileEmbeddings(references));
                    case "clip-t" -> clip.clipT(generated, task.kind().equals("personalize") && task.classPrompt() != null
                            ? Collections.nCopies(generated.size(), task.classPrompt()) : evalPrompts);
                    default -> throw new IllegalArgumentException("study metric '" + m + "' is not supported in trials (clip-i, clip-t)");
                };
                metrics.put(m, r.value());
                details.put(m, r);
            }
        }
        if (task.kind().equals("personalize") && task.classPrompt() != null) {
            Tensor ref = noiseMapImage(study, task, sd.unet().config.sampleSize() * sd.vaeScale());
            float[][] map = NoiseDifferenceMap.compute(sd, ref, task.instancePrompt(), task.classPrompt(), 500, 0);
            double max = NoiseDifferenceMap.max(map);
            metrics.put("noise_diff_mean", mean(map));
            Images.writePng(NoiseDifferenceMap.render(map, max, 8), dir.resolve("noise-diff.png"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metrics", metrics);
        out.put("parameters", outcome.parameters());
        out.put("train_seconds", outcome.seconds());
        out.put("final_loss", outcome.finalLoss());
        out.put("peak_rss_mib", outcome.peakRssMiB());
        out.put("details", details);
        StudyDir.writeAtomically(dir.resolve("metrics.json"), JSON.writeValueAsString(out));
    }

    /** Samples the evaluation images (batch of all prompts, one seed) and writes them and a grid. */
    static Tensor sample(StableDiffusion sd, StudySpec.Sampling s, List<String> prompts, Path dir) {
        int size = sd.unet().config.sampleSize() * sd.vaeScale();
        Tensor images = TextToImage.generate(sd, new TextToImage.Request(prompts, List.of(), s.steps(), s.cfg(), s.sampler(), s.seed(),
                size, size, 0), null);
        List<BufferedImage> pics = new ArrayList<>();
        List<Tensor> split = TextToImage.split(images);
        for (int i = 0; i < split.size(); i++) {
            BufferedImage img = Images.toImage(split.get(i));
            pics.add(img);
            Images.writePng(img, dir.resolve(String.format("%03d.png", i)));
        }
        Images.writePng(Images.grid(pics, Math.min(8, pics.size())), dir.resolve("grid.png"));
        return images;
    }

    private static double mean(float[][] m) {
        double s = 0;
        int n = 0;
        for (float[] r : m) for (float v : r) {
            s += v;
            n++;
        }
        return s / n;
    }

    private static int intOr(Map<String, Object> m, String k, int d) {
        return m.containsKey(k) ? Integer.parseInt(String.valueOf(m.get(k))) : d;
    }

    private static double doubleOr(Map<String, Object> m, String k, double d) {
        return m.containsKey(k) ? Double.parseDouble(String.valueOf(m.get(k))) : d;
    }

}
