package dev.petal.pipeline;

import dev.petal.Fixtures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Materialises the fixture pipeline folder as save_pretrained wrote it (fixture README): the component fixtures
 * next to model_index.json, plus the CLIP vocabulary Petal bundles.
 */
public final class PipelineFixture {
    private PipelineFixture() {
    }

    public static Path materialize(Path target) {
        Path sd = Fixtures.sd();
        try {
            copyTree(sd.resolve("pipeline/model_index.json"), target.resolve("model_index.json"));
            copyTree(sd.resolve("pipeline/scheduler"), target.resolve("scheduler"));
            copyTree(sd.resolve("unet/tiny/model"), target.resolve("unet"));
            copyTree(sd.resolve("vae/tiny/model"), target.resolve("vae"));
            copyTree(sd.resolve("clip/text_encoder"), target.resolve("text_encoder"));
            copyTree(sd.resolve("clip/tokenizer"), target.resolve("tokenizer"));
            for (String f : new String[]{"vocab.json", "merges.txt"}) {
                try (InputStream in = PipelineFixture.class.getResourceAsStream("/dev/petal/models/clip/" + f)) {
                    Files.copy(in, target.resolve("tokenizer").resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(dst);
                else Files.copy(p, dst, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
