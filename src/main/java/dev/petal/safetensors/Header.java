package dev.petal.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file.
 *
 * <p>Validation follows the reference implementation: the header is UTF-8 JSON starting with '{',
 * keys are unique, every dtype is known, and once sorted by offset the tensors tile the data section
 * exactly (each begins where the previous ended, byte length = numel × dtype size, the last ends at
 * the end of the file: no gaps, overlaps or trailing bytes).
 *
 * @param tensors  entries in header order (the order of the JSON object)
 * @param metadata the optional {@code __metadata__} string map, in header order
 */
public record Header(List<TensorEntry> tensors, Map<String, String> metadata) {

    /** The reference implementation's bound on the header length (100 MB). */
    public static final long MAX_HEADER_SIZE = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    public Header {
        tensors = List.copyOf(tensors);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public TensorEntry get(String name) {
        for (TensorEntry e : tensors) if (e.name().equals(name)) return e;
        return null;
    }

    /**
     * Parses and validates a header.
     *
     * @param file       the file it came from, for messages
     * @param json       the header bytes (between the 8-byte length and the data section)
     * @param dataLength number of bytes after the header
     */
    public static Header parse(Path file, byte[] json, long dataLength) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(json)).toString();
        } catch (CharacterCodingException e) {
            throw SafetensorsException.at(file, "header is not valid UTF-8");
        }
        if (!text.startsWith("{")) {
            throw SafetensorsException.at(file, "header does not start with '{' (not a safetensors file?)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw SafetensorsException.at(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw SafetensorsException.at(file, "header is not a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorEntry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA_KEY)) {
                readMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(readEntry(file, field.getKey(), field.getValue()));
            }
        }
        validateLayout(file, entries, dataLength);
        return new Header(entries, metadata);
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (node.isNull()) return;
        if (!node.isObject()) throw SafetensorsException.at(file, "__metadata__ must be an object of strings");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw SafetensorsException.at(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
    }

    private static TensorEntry readEntry(Path file, String name, JsonNode node) {
        if (!node.isObject()) throw SafetensorsException.at(file, name, "header entry is not an object");
        JsonNode dt = node.get("dtype");
        DType dtype = dt != null && dt.isTextual() ? DType.parse(dt.textValue()) : null;
        if (dtype == null) {
            throw SafetensorsException.at(file, name, "unsupported or missing dtype " + dt
                    + " (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }
        long[] shape = readLongs(file, name, node.get("shape"), "shape", -1);
        long[] offsets = readLongs(file, name, node.get("data_offsets"), "data_offsets", 2);
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] readLongs(Path file, String name, JsonNode node, String key, int expectedLength) {
        if (node == null || !node.isArray()) {
            throw SafetensorsException.at(file, name, "missing or non-array '" + key + "'");
        }
        if (expectedLength >= 0 && node.size() != expectedLength) {
            throw SafetensorsException.at(file, name, "'" + key + "' must have " + expectedLength + " entries, has " + node.size());
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw SafetensorsException.at(file, name, "'" + key + "' entry " + i + " is not a non-negative integer: " + v);
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Checks that the entries, sorted by offset, tile [0, dataLength) exactly. */
    static void validateLayout(Path file, List<TensorEntry> entries, long dataLength) {
        List<TensorEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expectedBegin = 0;
        for (TensorEntry e : sorted) {
            if (e.begin() != expectedBegin || e.end() < e.begin()) {
                throw SafetensorsException.at(file, e.name(), "data_offsets [" + e.begin() + ", " + e.end()
                        + "] are not contiguous with the previous tensor (expected begin " + expectedBegin
                        + "): overlapping, gapped or reversed ranges");
            }
            long bytes;
            try {
                bytes = Math.multiplyExact(e.numel(), e.dtype().byteSize());
            } catch (ArithmeticException overflow) {
                throw SafetensorsException.at(file, e.name(), "shape " + e.shapeString() + " overflows");
            }
            if (bytes != e.byteLength()) {
                throw SafetensorsException.at(file, e.name(), "shape " + e.shapeString() + " × " + e.dtype()
                        + " needs " + bytes + " bytes but data_offsets span " + e.byteLength());
            }
            expectedBegin = e.end();
        }
        if (expectedBegin != dataLength) {
            throw SafetensorsException.at(file, expectedBegin < dataLength
                    ? "data section has " + (dataLength - expectedBegin) + " trailing bytes after the last tensor"
                    : "file is truncated: tensors need " + expectedBegin + " data bytes, file has " + dataLength);
        }
    }
}
