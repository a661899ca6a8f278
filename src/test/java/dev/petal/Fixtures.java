package dev.petal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the reference fixtures are: the copy in the repo, or the folder named by a system property. */
public final class Fixtures {
    private Fixtures() {
    }

    /** The SD fixture root ({@code -Dpetal.fixtures=DIR}, default {@code src/test/fixtures/sd}). */
    public static Path sd() {
        return root("petal.fixtures", "src/test/fixtures/sd");
    }

    public static Path root(String property, String defaultPath) {
        Path p = Path.of(System.getProperty(property, defaultPath));
        if (!Files.isDirectory(p)) throw new IllegalStateException("fixture folder " + p.toAbsolutePath() + " not found (-D" + property + ")");
        return p;
    }

    /** Every file under {@code root} whose name ends with {@code suffix}, sorted. */
    public static List<Path> walk(Path root, String suffix) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
