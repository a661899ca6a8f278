package dev.petal.eval.features;

import dev.petal.nn.LoadReport;
import dev.petal.nn.Module;
import dev.petal.nn.StateDictException;
import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Loads a feature network's weights: every model key must be present; extra keys only where declared harmless. */
public final class ModelWeights {
    private ModelWeights() {
    }

    /**
     * @param weights   a .safetensors file or a folder holding one (sharded checkpoints too)
     * @param ignorable checkpoint keys the network does not use (e.g. a classifier head)
     */
    public static <M extends Module> M load(M model, Path weights, Predicate<String> ignorable) {
        if (!Files.exists(weights)) throw new IllegalArgumentException(weights + ": weights not found");
        try (TensorSource source = Checkpoints.open(weights)) {
            LoadReport report = model.loadStateDict(source, false);
            List<String> unexpected = report.unexpected().stream().filter(ignorable.negate()).toList();
            if (!report.missing().isEmpty() || !unexpected.isEmpty()) {
                throw new StateDictException(new LoadReport(report.origin(), report.missing(), unexpected, report.shapeMismatches()));
            }
        }
        model.eval();
        return model;
    }
}
