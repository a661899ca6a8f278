package dev.petal.study;

import java.util.LinkedHashMap;
import java.util.Map;

/** One cell of the design × one seed: the factor levels it trains with, under a stable folder name. */
public record Trial(String id, Map<String, String> levels, long seed) {
    public Trial {
        levels = new LinkedHashMap<>(levels);
    }

    /** "CA_out-FFN_in-relu-s1-r8-lr0.0001-seed0": readable, file-safe, the same on every run. */
    static String idOf(Map<String, String> levels, long seed) {
        StringBuilder sb = new StringBuilder();
        levels.forEach((k, v) -> {
            if (!sb.isEmpty()) sb.append('-');
            String prefix = switch (k) {
                case "scale" -> "s";
                case "rank" -> "r";
                case "lr" -> "lr";
                default -> "";
            };
            sb.append(prefix).append(v);
        });
        if (!sb.isEmpty()) sb.append('-');
        sb.append("seed").append(seed);
        return sb.toString().replaceAll("[^A-Za-z0-9_.+-]", "_");
    }
}
