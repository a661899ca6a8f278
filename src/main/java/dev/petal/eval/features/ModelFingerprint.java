package dev.petal.eval.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cheap identity of a model for cache keys: SHA-256 over a description (kind, preprocessing) and, for each
 * config and weight file (a folder contributes its {@code .json} and {@code .safetensors[.gz]} files), its name,
 * size, first and last MiB. Hashing whole multi-GB checkpoints on every run would cost more than the cache
 * saves; changed weights change these bytes (safetensors headers hold every tensor's offsets, the data differs).
 */
public final class ModelFingerprint {
    private static final int SAMPLE = 1 << 20;

    private ModelFingerprint() {
    }

    public static String of(String description, Path... paths) {
        MessageDigest md = sha256();
        md.update(description.getBytes(StandardCharsets.UTF_8));
        for (Path p : paths) for (Path f : files(p)) sample(md, f);
        return HexFormat.of().formatHex(md.digest());
    }

    /** SHA-256 of a whole file's bytes (for images). */
    public static String contentHash(Path file) {
        MessageDigest md = sha256();
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) > 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<Path> files(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".json") || n.endsWith(".safetensors") || n.endsWith(".safetensors.gz");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sample(MessageDigest md, Path f) {
        try (FileChannel ch = FileChannel.open(f)) {
            long size = ch.size();
            md.update((f.getFileName() + ":" + size + ":").getBytes(StandardCharsets.UTF_8));
            List<Long> starts = new ArrayList<>(List.of(0L));
            if (size > SAMPLE) starts.add(Math.max(SAMPLE, size - SAMPLE));
            for (long start : starts) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(SAMPLE, size - start));
                while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                    // fill the sample
                }
                buf.flip();
                md.update(buf);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
