package dev.petal.tasks;

import dev.petal.images.Images;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Prior-preservation images: the base model's own pictures of the class ("an emoji of a cat face"). When the
 * folder holds fewer than requested, the missing ones are generated (seeds 0, 1, 2, … by file index) and saved,
 * so later runs reuse them.
 */
public final class ClassImages {
    private ClassImages() {
    }

    /** Ensures {@code dir} holds at least {@code count} images; returns how many were generated. */
    public static int ensure(StableDiffusion sd, Path dir, String classPrompt, int count, int steps, double cfg, String sampler,
                             int batch, IntConsumer progress) {
        try {
            Files.createDirectories(dir);
            int have = existing(dir).size();
            int generated = 0;
            int size = sd.unet().config.sampleSize() * sd.vaeScale();
            for (int i = have; i < count; i += batch) {
                int n = Math.min(batch, count - i);
                var req = new TextToImage.Request(Collections.nCopies(n, classPrompt), List.of(), steps, cfg, sampler, 1000L + i, size, size, 0);
                var images = TextToImage.split(TextToImage.generate(sd, req, null));
                for (int k = 0; k < n; k++) {
                    Images.writePng(Images.toImage(images.get(k)), dir.resolve(String.format("class-%05d.png", i + k)));
                    Files.writeString(dir.resolve(String.format("class-%05d.txt", i + k)), classPrompt);
                    generated++;
                    if (progress != null) progress.accept(i + k + 1);
                }
            }
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare class images in " + dir + ": " + e.getMessage(), e);
        }
    }

    static List<Path> existing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().toList();
        }
    }
}
