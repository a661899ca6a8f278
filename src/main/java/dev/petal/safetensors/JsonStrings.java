package dev.petal.safetensors;

/**
 * JSON string literals as the reference tools write them: serde_json (the safetensors header) and Python's
 * json.dumps (peft/diffusers configs), so files Petal writes are byte-identical to theirs.
 */
public final class JsonStrings {
    private JsonStrings() {
    }

    /**
     * Appends {@code s} quoted: short escapes for quote, backslash, \n \r \t \b \f, a six-character escape for other
     * control characters; with {@code asciiOnly} (Python's ensure_ascii) every char above 0x7e is escaped too.
     */
    public static void append(StringBuilder sb, String s, boolean asciiOnly) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || (asciiOnly && c > 0x7e)) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
