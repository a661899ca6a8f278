package dev.petal.cli;

import dev.petal.tasks.Demo;
import dev.petal.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code petal demo}: the paper's recipe on the embedded emoji model, with a before/after report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train an adapter on an emoji subject with the embedded model and write an HTML report.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--model", description = "base model (default: the embedded models/emoji-tiny)")
    Path model;
    @Option(names = "--clip", description = "CLIP model for the metrics (default: the embedded models/emoji-clip)")
    Path clip;
    @Option(names = "--subject", description = "subject folder with subject.json (default: data/emoji/subjects/cat-face)")
    Path subject;
    @Option(names = "--out", defaultValue = "runs/demo")
    Path out;
    @Option(names = "--input", defaultValue = Demo.INPUT, description = "adapter input position (default: ${DEFAULT-VALUE}, the input after cross-attention that learns "
            + "best on the embedded model; the paper's CA_out does not, see docs/pretraining.md)")
    String input;
    @Option(names = "--output", defaultValue = Demo.OUTPUT, description = "adapter output position (default: ${DEFAULT-VALUE})")
    String output;
    @Option(names = "--steps", defaultValue = "300")
    int steps;
    @Option(names = "--rank", defaultValue = "60")
    int rank;
    @Option(names = "--init", defaultValue = "paper", description = "adapter init: paper (PyTorch default) or zero-up (default: ${DEFAULT-VALUE})")
    String init;
    @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate (default: ${DEFAULT-VALUE}: 300 steps at 1e-3 for the paper's ~2,500 at 1e-4)")
    double lr;
    @Option(names = "--num-class-images", defaultValue = "24")
    int classImages;
    @Option(names = "--num-images", defaultValue = "8", description = "images sampled before and after")
    int numImages;
    @Option(names = "--sampling-steps", defaultValue = "25")
    int samplingSteps;
    @Option(names = "--cfg", defaultValue = "7", description = "classifier-free guidance for class images and the grids (default: ${DEFAULT-VALUE}, the paper's)")
    double cfg;
    @Option(names = "--seed", defaultValue = "42")
    long seed;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("petal.home", "."));
        Path m = model != null ? model : home.resolve("models/emoji-tiny");
        Path c = clip != null ? clip : home.resolve("models/emoji-clip");
        Path s = subject != null ? subject : home.resolve("data/emoji/subjects/cat-face");
        for (Path p : new Path[]{m, c, s}) {
            if (!Files.exists(p)) throw new IllegalArgumentException(p + " not found (the embedded model ships in models/; see models/README.md)");
        }
        var options = new Demo.Options(m, c, s, out(), input, output, steps, rank, init, lr, classImages, numImages, samplingSteps, cfg, seed);
        options.adapter(); // an invalid cell or init fails here, before any work
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        Demo.Result r;
        try (Progress bar = new Progress("demo", steps, "step")) {
            r = Demo.run(options, new Demo.Progress() {
                @Override
                public void phase(String name) {
                    bar.message(name);
                }

                @Override
                public void classImages(int done, int total) {
                    bar.message("class images " + done + "/" + total);
                }

                @Override
                public void onStep(Trainer.StepLog log) {
                    bar.stepTo(log.step());
                    bar.message(String.format("training, loss %.4f", log.loss()));
                }
            });
        }
        err.flush();
        out.printf("CLIP-I %.4f → %.4f, CLIP-T %.4f → %.4f; adapter %,d parameters (%.3f %% of the UNet); training %.0f s, demo %.0f s%n",
                r.before().get("clip-i"), r.after().get("clip-i"), r.before().get("clip-t"), r.after().get("clip-t"),
                r.adapterParameters(), 100.0 * r.adapterParameters() / r.baseParameters(), r.trainSeconds(), r.totalSeconds());
        out.println("report → " + r.report().toAbsolutePath());
        return 0;
    }

    private Path out() {
        return out;
    }
}
