package dev.petal.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A run's {@code loss.jsonl}: one JSON object per optimizer step, starting with {@code "step"}. */
public final class LossLog {
    private LossLog() {
    }

    public static void append(Path file, String jsonLine) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, jsonLine + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
    }

    /** The named fields of every logged step, in order (e.g. {@code read(f, "step", "loss")}); a missing field reads as 0. */
    public static List<double[]> read(Path file, String... fields) {
        List<double[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) continue;
                JsonNode j = JSON.readTree(line);
                double[] row = new double[fields.length];
                for (int k = 0; k < fields.length; k++) row[k] = j.path(fields[k]).asDouble();
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** On resume, drops lines past the checkpoint's step so the log matches the restored state. */
    public static void truncate(Path file, int upTo) {
        if (!Files.exists(file)) return;
        try {
            List<String> keep = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                int i = line.indexOf("\"step\":");
                if (i < 0) continue;
                int end = i + 7;
                while (end < line.length() && Character.isDigit(line.charAt(end))) end++;
                if (Integer.parseInt(line.substring(i + 7, end)) <= upTo) keep.add(line);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, keep);
            SafetensorsWriter.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file, e);
        }
    }
}
