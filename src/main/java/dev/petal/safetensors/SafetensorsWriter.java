package dev.petal.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors files atomically: the bytes go to a temporary file in the same folder, are forced to disk,
 * and the temporary file is renamed over the target, so a killed writer never leaves a half-written file.
 */
public final class SafetensorsWriter {

    /** One tensor to write: its raw little-endian bytes must be numel × dtype size long. */
    public record Item(String name, DType dtype, long[] shape, MemorySegment bytes) {
        public Item {
            shape = shape.clone();
        }
    }

    private SafetensorsWriter() {
    }

    /** Orders tensors as the reference writer does (by dtype, widest first, then name). */
    public static List<Item> referenceOrder(List<Item> items) {
        List<Item> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt((Item i) -> -i.dtype().writeRank()).thenComparing(Item::name));
        return sorted;
    }

    /** Writes the tensors in the given order, metadata first (omitted when empty). */
    public static void write(Path target, List<Item> items, Map<String, String> metadata) {
        byte[] header = headerBytes(target, items, metadata);
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                for (Item item : items) writeSegment(ch, item.bytes());
                ch.force(true);
            }
            moveAtomically(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw SafetensorsException.at(target, "cannot write: " + e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more
                }
            }
        }
    }

    /** Renames {@code from} over {@code to}, atomically where the file system allows it. */
    public static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static byte[] headerBytes(Path target, List<Item> items, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append("\"").append(Header.METADATA_KEY).append("\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) json.append(',');
                first = false;
                appendString(json, m.getKey());
                json.append(':');
                appendString(json, m.getValue());
            }
            json.append('}');
        }
        long offset = 0;
        Set<String> seen = new HashSet<>();
        for (Item item : items) {
            if (item.name().equals(Header.METADATA_KEY) || !seen.add(item.name())) {
                throw SafetensorsException.at(target, item.name(), "duplicate or reserved tensor name");
            }
            long numel = 1;
            for (long d : item.shape()) {
                if (d < 0) throw SafetensorsException.at(target, item.name(), "negative dimension in " + Arrays.toString(item.shape()));
                numel = Math.multiplyExact(numel, d);
            }
            long bytes = numel * item.dtype().byteSize();
            if (bytes != item.bytes().byteSize()) {
                throw SafetensorsException.at(target, item.name(), "shape " + Arrays.toString(item.shape()) + " × "
                        + item.dtype() + " needs " + bytes + " bytes, got " + item.bytes().byteSize());
            }
            if (json.length() > 1) json.append(',');
            appendString(json, item.name());
            json.append(":{\"dtype\":\"").append(item.dtype()).append("\",\"shape\":[");
            for (int i = 0; i < item.shape().length; i++) json.append(i == 0 ? "" : ",").append(item.shape()[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        json.append('}');
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(raw, padded);
        Arrays.fill(out, raw.length, padded, (byte) ' ');
        return out;
    }

    private static void appendString(StringBuilder sb, String s) {
        JsonStrings.append(sb, s, false); // serde_json: non-ASCII stays UTF-8
    }

    private static void writeSegment(FileChannel ch, MemorySegment segment) throws IOException {
        final long chunk = 1L << 24;
        ByteBuffer staging = segment.isNative() ? null : ByteBuffer.allocateDirect((int) Math.min(chunk, segment.byteSize()));
        for (long pos = 0; pos < segment.byteSize(); pos += chunk) {
            long n = Math.min(chunk, segment.byteSize() - pos);
            if (staging == null) {
                writeFully(ch, segment.asSlice(pos, n).asByteBuffer());
            } else { // heap arrays other than byte[] cannot be viewed as a ByteBuffer
                staging.clear();
                MemorySegment.copy(segment, pos, MemorySegment.ofBuffer(staging), 0, n);
                staging.limit((int) n);
                writeFully(ch, staging);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
