package dev.petal.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small typed reads over a diffusers/transformers config.json, with errors that name the file and the field. */
public final class ConfigReader {
    private final JsonNode j;
    private final String origin;

    public ConfigReader(JsonNode j, String origin) {
        this.j = j;
        this.origin = origin;
    }

    /** Reads a JSON config file. */
    public static ConfigReader open(Path file) {
        try {
            return new ConfigReader(new ObjectMapper().readTree(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read config: " + e.getMessage(), e);
        }
    }

    public JsonNode json() {
        return j;
    }

    public IllegalArgumentException error(String message) {
        return new IllegalArgumentException(origin + ": " + message);
    }

    public boolean has(String key) {
        return j.has(key) && !j.get(key).isNull();
    }

    public void expectClass(String cls) {
        if (has("_class_name") && !j.get("_class_name").asText().equals(cls)) {
            throw error("_class_name is " + j.get("_class_name").asText() + ", expected " + cls);
        }
    }

    public void requireAbsentOrNull(String... keys) {
        for (String k : keys) if (has(k)) throw error(k + " = " + j.get(k) + " is not supported (SD 1.x/2.x UNets leave it null)");
    }

    public void requireValue(String key, String value) {
        if (has(key) && !j.get(key).asText().equals(value)) throw error(key + " = " + j.get(key) + " is not supported (only " + value + ")");
    }

    public void requireFalse(String key) {
        if (has(key) && j.get(key).asBoolean()) throw error(key + " = true is not supported");
    }

    public int integer(String key, int def) {
        if (!has(key)) return def;
        JsonNode v = j.get(key);
        if (!v.isIntegralNumber()) throw error(key + " must be an integer, got " + v);
        return v.intValue();
    }

    public double number(String key, double def) {
        if (!has(key)) return def;
        JsonNode v = j.get(key);
        if (!v.isNumber()) throw error(key + " must be a number, got " + v);
        return v.doubleValue();
    }

    public boolean bool(String key, boolean def) {
        if (!has(key)) return def;
        JsonNode v = j.get(key);
        if (!v.isBoolean()) throw error(key + " must be true/false, got " + v + " (per-block lists are not supported)");
        return v.booleanValue();
    }

    public String string(String key, String def) {
        if (!j.has(key)) return def;
        return j.get(key).isNull() ? null : j.get(key).asText();
    }

    public List<String> stringList(String key) {
        if (!has(key) || !j.get(key).isArray()) throw error(key + " must be a list of strings");
        List<String> out = new ArrayList<>();
        j.get(key).forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    /** An int or a list of ints expanded to {@code n} entries (n null: a list of any length). */
    public List<Integer> intList(String key, Integer n) {
        return intList(key, n, null);
    }

    public List<Integer> intList(String key, Integer n, Integer def) {
        if (!has(key)) {
            if (def == null) throw error("missing " + key);
            return java.util.Collections.nCopies(n, def);
        }
        JsonNode v = j.get(key);
        List<Integer> out = new ArrayList<>();
        if (v.isIntegralNumber()) {
            if (n == null) throw error(key + " must be a list");
            for (int i = 0; i < n; i++) out.add(v.intValue());
        } else if (v.isArray()) {
            v.forEach(x -> {
                if (!x.isIntegralNumber()) throw error(key + " must hold integers, got " + v);
                out.add(x.intValue());
            });
            if (n != null && out.size() != n) throw error(key + " has " + out.size() + " entries, expected " + n);
        } else {
            throw error(key + " must be an integer or a list, got " + v);
        }
        for (int x : out) if (x <= 0) throw error(key + " entries must be positive, got " + v);
        return List.copyOf(out);
    }
}
