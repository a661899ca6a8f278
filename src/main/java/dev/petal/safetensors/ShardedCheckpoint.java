package dev.petal.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint split over several safetensors files with a {@code *.safetensors.index.json}
 * ({@code {"metadata": {...}, "weight_map": {"tensor": "shard file", ...}}}). Shards are opened when first used.
 */
public final class ShardedCheckpoint implements TensorSource {
    private final Path index;
    private final Map<String, String> weightMap;
    private final Map<String, String> metadata;
    private final Map<String, SafetensorsFile> shards = new LinkedHashMap<>();

    private ShardedCheckpoint(Path index, Map<String, String> weightMap, Map<String, String> metadata) {
        this.index = index;
        this.weightMap = weightMap;
        this.metadata = metadata;
    }

    public static ShardedCheckpoint open(Path index) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(index));
        } catch (IOException e) {
            throw SafetensorsException.at(index, "cannot read shard index: " + e.getMessage());
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw SafetensorsException.at(index, "shard index has no 'weight_map' object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText("");
            if (shard.isEmpty() || shard.contains("/") || shard.contains("\\")) {
                throw SafetensorsException.at(index, e.getKey(), "invalid shard file name '" + shard + "'");
            }
            Path file = index.resolveSibling(shard);
            if (!Files.isRegularFile(file)) {
                throw SafetensorsException.at(index, e.getKey(), "shard file " + file + " does not exist");
            }
            weightMap.put(e.getKey(), shard);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = root.get("metadata");
        if (meta != null && meta.isObject()) {
            meta.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        return new ShardedCheckpoint(index, weightMap, metadata);
    }

    private synchronized SafetensorsFile shard(String tensor) {
        String file = weightMap.get(tensor);
        if (file == null) return null;
        SafetensorsFile s = shards.computeIfAbsent(file, f -> SafetensorsFile.open(index.resolveSibling(f)));
        if (s.find(tensor) == null) {
            throw SafetensorsException.at(s.path(), tensor, "listed in " + index.getFileName() + " but missing from the shard");
        }
        return s;
    }

    @Override
    public Path path() {
        return index;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(weightMap.keySet());
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public TensorEntry find(String name) {
        SafetensorsFile s = shard(name);
        return s == null ? null : s.find(name);
    }

    @Override
    public MemorySegment bytes(String name) {
        entry(name);
        return shard(name).bytes(name);
    }

    @Override
    public synchronized void close() {
        shards.values().forEach(SafetensorsFile::close);
        shards.clear();
    }
}
