package dev.petal.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A memory-mapped safetensors file (any size: the FFM API maps beyond 2 GiB). Opening reads and validates only
 * the header; tensor bytes are paged in when a tensor is used.
 *
 * <p>Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON, then the data section.
 */
public final class SafetensorsFile implements TensorSource {
    private final Path path;
    private final Arena arena;
    private final MemorySegment data;
    private final Header header;
    private final Map<String, TensorEntry> byName = new HashMap<>();

    private SafetensorsFile(Path path, Arena arena, MemorySegment data, Header header) {
        this.path = path;
        this.arena = arena;
        this.data = data;
        this.header = header;
        for (TensorEntry e : header.tensors()) byName.put(e.name(), e);
    }

    /** Opens and validates a file; refuses pickle checkpoints with a message on how to convert them. */
    public static SafetensorsFile open(Path path) {
        Pickles.refuse(path);
        if (Files.isDirectory(path)) throw SafetensorsException.at(path, "is a directory, not a safetensors file");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw SafetensorsException.at(path, "file not found");
        } catch (IOException e) {
            throw SafetensorsException.at(path, "cannot open: " + e.getMessage());
        }
        Arena arena = Arena.ofShared();
        try (channel) {
            long size = channel.size();
            if (size < 8) throw SafetensorsException.at(path, "file is " + size + " bytes: too small for a safetensors header");
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            Pickles.refuseByMagic(path, all);
            long n = all.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (n < 0 || n > Header.MAX_HEADER_SIZE) {
                throw SafetensorsException.at(path, "header length " + Long.toUnsignedString(n)
                        + " exceeds the limit of " + Header.MAX_HEADER_SIZE + " bytes (corrupt or not safetensors)");
            }
            if (8 + n > size) {
                throw SafetensorsException.at(path, "header length " + n + " runs past the end of the " + size
                        + "-byte file (truncated)");
            }
            byte[] json = all.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            Header header = Header.parse(path, json, size - 8 - n);
            return new SafetensorsFile(path, arena, all.asSlice(8 + n), header);
        } catch (IOException e) {
            arena.close();
            throw SafetensorsException.at(path, "cannot map: " + e.getMessage());
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Header header() {
        return header;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(header.tensors().size());
        for (TensorEntry e : header.tensors()) names.add(e.name());
        return names;
    }

    @Override
    public Map<String, String> metadata() {
        return header.metadata();
    }

    @Override
    public TensorEntry find(String name) {
        return byName.get(name);
    }

    @Override
    public MemorySegment bytes(String name) {
        TensorEntry e = entry(name);
        return data.asSlice(e.begin(), e.byteLength());
    }

    @Override
    public void close() {
        arena.close();
    }
}
