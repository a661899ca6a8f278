package dev.petal.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.safetensors.SafetensorsWriter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a Hugging Face imagefolder: PNGs plus {@code metadata.jsonl} (one JSON object per image, {@code file_name}
 * first). Every file is written atomically and only when its bytes change, so re-running gives the same folder
 * untouched; {@link #finish()} writes the metadata last and removes PNGs of an earlier run that are no longer listed.
 */
final class ImageFolderWriter {
    static final String METADATA = "metadata.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<String> lines = new ArrayList<>();
    private final Set<String> files = new HashSet<>();

    ImageFolderWriter(Path dir) {
        this.dir = dir;
    }

    /** Adds an image with its metadata ({@code text} and any other fields; {@code file_name} is added). */
    void add(String fileName, BufferedImage image, Map<String, ?> fields) {
        if (!files.add(fileName)) throw new IllegalArgumentException(dir.resolve(fileName) + ": written twice");
        writeIfChanged(dir.resolve(fileName), png(image));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("file_name", fileName);
        line.putAll(fields);
        try {
            lines.add(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code metadata.jsonl}, deletes stale PNGs, and returns the number of images. */
    int finish() {
        writeIfChanged(dir.resolve(METADATA), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        try (var listing = Files.list(dir)) {
            for (Path p : listing.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".png") && !files.contains(name)) Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy " + dir + ": " + e.getMessage(), e);
        }
        return lines.size();
    }

    static byte[] png(BufferedImage image) {
        try {
            var bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", bytes)) throw new IOException("no PNG writer");
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code bytes} to {@code file} atomically (temporary file, then rename) unless it already holds them. */
    static void writeIfChanged(Path file, byte[] bytes) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) return;
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.write(tmp, bytes);
                SafetensorsWriter.moveAtomically(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
