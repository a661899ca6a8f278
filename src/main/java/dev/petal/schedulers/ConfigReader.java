package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Typed access to one {@code scheduler_config.json} object for one scheduler kind. A key the kind does not
 * accept reads as the default (diffusers ignores unexpected keys); a present key of the wrong type or with an
 * unknown value is an error naming the file and the field. JSON null means the default (Python's None).
 */
final class ConfigReader {
    private final ObjectNode node;
    private final String source;
    private final SchedulerKind kind;

    ConfigReader(ObjectNode node, String source, SchedulerKind kind) {
        this.node = node;
        this.source = source;
        this.kind = kind;
    }

    SchedulerConfigException error(String field, String message) {
        return new SchedulerConfigException(source, field, message);
    }

    private JsonNode get(String field) {
        if (!kind.accepts(field)) return null;
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    int integer(String field, int def) {
        JsonNode v = get(field);
        if (v == null) return def;
        if (!v.isNumber() || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw error(field, "expected an integer, got " + v);
        }
        return v.asInt();
    }

    double number(String field, double def) {
        JsonNode v = get(field);
        if (v == null) return def;
        if (!v.isNumber()) throw error(field, "expected a number, got " + v);
        return v.asDouble();
    }

    /** A number that may be absent (null means: not set). */
    Double optionalNumber(String field) {
        JsonNode v = get(field);
        return v == null ? null : number(field, 0);
    }

    boolean bool(String field, boolean def) {
        JsonNode v = get(field);
        if (v == null) return def;
        if (!v.isBoolean()) throw error(field, "expected true or false, got " + v);
        return v.asBoolean();
    }

    String string(String field, String def) {
        JsonNode v = get(field);
        if (v == null) return def;
        if (!v.isTextual()) throw error(field, "expected a string, got " + v);
        return v.asText();
    }

    <E extends Enum<E> & ConfigValue> E choice(String field, E def, E[] values) {
        String s = string(field, null);
        if (s == null) return def;
        for (E e : values) if (e.json().equals(s)) return e;
        throw error(field, "unknown value \"" + s + "\" (expected one of "
                + Arrays.stream(values).map(ConfigValue::json).collect(Collectors.joining(", ")) + ")");
    }

    double[] numbers(String field) {
        JsonNode v = get(field);
        if (v == null) return null;
        if (!v.isArray()) throw error(field, "expected a list of numbers, got " + v.getNodeType());
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) throw error(field, "entry " + i + " is not a number: " + v.get(i));
            out[i] = v.get(i).asDouble();
        }
        return out;
    }

    /** Petal implements only one value of this setting: refuse any other, naming the field. */
    void requireBool(String field, boolean supported) {
        if (bool(field, supported) != supported) {
            throw error(field, field + "=" + !supported + " is not supported by Petal's " + kind.className());
        }
    }

    void requireString(String field, String... supported) {
        String s = string(field, supported[0]);
        if (!Arrays.asList(supported).contains(s)) {
            throw error(field, "\"" + s + "\" is not supported by Petal's " + kind.className() + " (supported: "
                    + String.join(", ", supported) + ")");
        }
    }
}
