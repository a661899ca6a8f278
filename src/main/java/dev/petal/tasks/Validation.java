package dev.petal.tasks;

import dev.petal.images.Images;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Validation pictures: fixed prompts × fixed seeds, one grid per call (rows = prompts, columns = seeds). */
public record Validation(List<String> prompts, List<Long> seeds, int steps, double cfg, String sampler) {

    public Validation {
        prompts = List.copyOf(prompts);
        seeds = List.copyOf(seeds);
    }

    /** Samples the grid with the model as it is now and writes it to {@code file}. */
    public BufferedImage grid(StableDiffusion sd, Path file) {
        int size = sd.unet().config.sampleSize() * sd.vaeScale();
        List<BufferedImage> tiles = new ArrayList<>();
        for (String p : prompts) {
            for (long seed : seeds) {
                var req = new TextToImage.Request(List.of(p), List.of(), steps, cfg, sampler, seed, size, size, 0);
                tiles.add(Images.toImage(TextToImage.split(TextToImage.generate(sd, req, null)).get(0)));
            }
        }
        BufferedImage g = Images.grid(tiles, seeds.size());
        if (file != null) Images.writePng(g, file);
        return g;
    }
}
