package dev.petal.cli;

import dev.petal.eval.EvalReport;
import dev.petal.eval.EvalRequest;
import dev.petal.eval.Evaluator;
import dev.petal.eval.Metric;
import dev.petal.eval.metrics.FdMethod;
import dev.petal.eval.metrics.Kid;
import dev.petal.safetensors.SafetensorsWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code petal eval}: CLIP-I, CLIP-T, DINO, FID and KID of a folder of generated images. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = {
        "Evaluate generated images against reference images and prompts.",
        "Metrics: clip-i (CLIP image similarity to the references), clip-t (CLIP prompt similarity), dino (DINO image similarity), "
                + "fid (Fréchet Inception distance), kid (kernel Inception distance)."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--generated", required = true, description = "folder of generated images (png, jpg, bmp; *-grid.png skipped)")
    Path generated;
    @Option(names = "--reference", description = "folder of reference images (every metric but clip-t)")
    Path reference;
    @Option(names = "--prompts", description = "prompts file for clip-t: one line for all images, or one line per image in file-name order")
    Path prompts;
    @Option(names = "--metrics", defaultValue = "clip-i,clip-t", description = "comma-separated: clip-i, clip-t, dino, fid, kid, fd-clip, kid-clip (default: ${DEFAULT-VALUE})")
    String metrics;
    @Option(names = "--clip", description = "transformers CLIP model folder, e.g. openai/clip-vit-large-patch14 (clip-i, clip-t, fd-clip, kid-clip)")
    Path clip;
    @Option(names = "--dino", description = "transformers DINO ViT folder, e.g. facebook/dino-vits16 (dino)")
    Path dino;
    @Option(names = "--inception", description = "pytorch-fid's FID Inception weights converted to .safetensors (or .safetensors.gz) (fid, kid)")
    Path inception;
    @Option(names = "--fd-method", defaultValue = "eigh-symmetric", description = "tr √(Σx Σy) by eigh-symmetric, sqrtm (pytorch-fid), eigvals (torchmetrics), sqrtm-eps (default: ${DEFAULT-VALUE})")
    String fdMethod;
    @Option(names = "--kid-subsets", defaultValue = "" + Kid.DEFAULT_SUBSETS, description = "KID subsets (default: ${DEFAULT-VALUE})")
    int kidSubsets;
    @Option(names = "--kid-subset-size", defaultValue = "" + Kid.DEFAULT_SUBSET_SIZE, description = "KID subset size, reduced to the smaller set (default: ${DEFAULT-VALUE})")
    int kidSubsetSize;
    @Option(names = "--kid-seed", defaultValue = "" + Kid.DEFAULT_SEED, description = "KID subset seed, numpy RandomState as torch-fidelity (default: ${DEFAULT-VALUE})")
    long kidSeed;
    @Option(names = "--cache", defaultValue = ".petal-cache/features", description = "feature cache folder (default: ${DEFAULT-VALUE})")
    Path cache;
    @Option(names = "--no-cache", description = "compute every feature afresh and store none")
    boolean noCache;
    @Option(names = "--out", defaultValue = "runs/eval/report.json", description = "where to write the JSON report (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--json", description = "print the JSON report instead of the table")
    boolean json;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        EvalRequest request = new EvalRequest(generated, reference, prompts, Metric.parseList(metrics), clip, dino, inception,
                noCache ? null : cache, FdMethod.parse(fdMethod), kidSubsets, kidSubsetSize, kidSeed);
        EvalReport report = Evaluator.run(request, line -> err.println(line));
        writeAtomically(out, report.toJson());
        var o = spec.commandLine().getOut();
        o.print(json ? report.toJson() + "\n" : report.toTable());
        if (!json) o.println("JSON report → " + out.toAbsolutePath());
        o.flush();
        return 0;
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text + "\n", StandardCharsets.UTF_8);
                SafetensorsWriter.moveAtomically(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
