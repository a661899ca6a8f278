package dev.petal.adapters;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which blocks of the UNet get an adapter: by part (down, mid, up) and by resolution level (0 = the highest
 * resolution; down_blocks.i is level i, up_blocks.i is level n−1−i, the mid block is level n−1). Empty sets
 * mean "all".
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BlockSelection(Set<String> parts, Set<Integer> levels) {
    public static final BlockSelection ALL = new BlockSelection(Set.of(), Set.of());
    private static final Set<String> PARTS = Set.of("down", "mid", "up");

    public BlockSelection {
        parts = parts == null ? Set.of() : new TreeSet<>(parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
        levels = levels == null ? Set.of() : new TreeSet<>(levels);
        for (String p : parts) {
            if (!PARTS.contains(p)) throw new IllegalArgumentException("unknown block part '" + p + "' (valid: down, mid, up)");
        }
        for (int l : levels) if (l < 0) throw new IllegalArgumentException("block level must be ≥ 0, got " + l);
    }

    /** Whether the module at this dotted path (e.g. {@code up_blocks.1.attentions.0…}) is selected. */
    public boolean matches(String path, int numLevels) {
        String[] s = path.split("\\.");
        if (s.length < 2) return false;
        String part;
        int level;
        switch (s[0]) {
            case "down_blocks" -> {
                part = "down";
                level = Integer.parseInt(s[1]);
            }
            case "up_blocks" -> {
                part = "up";
                level = numLevels - 1 - Integer.parseInt(s[1]);
            }
            case "mid_block" -> {
                part = "mid";
                level = numLevels - 1;
            }
            default -> {
                return false;
            }
        }
        return (parts.isEmpty() || parts.contains(part)) && (levels.isEmpty() || levels.contains(level));
    }
}
