package dev.petal.adapters.lora;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Python writes it with {@code json.dumps(v, indent=2, sort_keys=True)} (peft's adapter_config.json,
 * diffusers' {@code lora_adapter_metadata}), and Python's float repr, so saved files match the tools' bytes.
 */
final class PyJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PyJson() {
    }

    /** Parses a JSON object, keeping its key order. */
    static Map<String, Object> parseObject(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid JSON object: " + e.getMessage(), e);
        }
    }

    static String dumps(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    static String repr(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return 1 / d < 0 ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return sign + bd.toPlainString() + (bd.scale() <= 0 ? ".0" : "");
    }

    private static void write(StringBuilder sb, Object v, int level) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(repr(d));
            case Float f -> sb.append(repr(f));
            case Number n -> sb.append(n);
            case String s -> string(sb, s);
            case Map<?, ?> m -> {
                Map<String, Object> sorted = new TreeMap<>();
                m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
                container(sb, '{', '}', sorted.entrySet(), level, (e, l) -> {
                    string(sb, e.getKey());
                    sb.append(": ");
                    write(sb, e.getValue(), l);
                });
            }
            case Collection<?> c -> container(sb, '[', ']', c, level, (x, l) -> write(sb, x, l));
            default -> throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private interface Item<T> {
        void write(T item, int level);
    }

    private static <T> void container(StringBuilder sb, char open, char close, Collection<T> items, int level, Item<T> item) {
        sb.append(open);
        if (items.isEmpty()) {
            sb.append(close);
            return;
        }
        boolean first = true;
        for (T x : items) {
            sb.append(first ? "" : ",").append('\n').append("  ".repeat(level + 1));
            first = false;
            item.write(x, level + 1);
        }
        sb.append('\n').append("  ".repeat(level)).append(close);
    }

    /** ensure_ascii: everything outside printable ASCII is a \\uXXXX escape. */
    private static void string(StringBuilder sb, String s) {
        dev.petal.safetensors.JsonStrings.append(sb, s, true);
    }
}
