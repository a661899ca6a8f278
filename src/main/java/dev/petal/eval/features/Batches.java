package dev.petal.eval.features;

import dev.petal.eval.image.RgbImage;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs a network over images in batches, without autograd, freeing each batch's native memory. */
public final class Batches {
    private Batches() {
    }

    /**
     * The network's modules must already exist: a module created inside the scope would be freed with it.
     *
     * @param batchSize at most this many images per forward pass
     * @param network   a batch of images → features [B, D]
     */
    public static float[][] run(List<RgbImage> images, int batchSize, Function<List<RgbImage>, Tensor> network) {
        List<float[]> rows = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batchSize) {
            List<RgbImage> batch = images.subList(start, Math.min(images.size(), start + batchSize));
            try (Scope s = Scope.open(); NoGrad g = NoGrad.open()) {
                rows.addAll(List.of(FeatureRows.of(network.apply(batch))));
            }
        }
        return rows.toArray(new float[0][]);
    }
}
