package dev.petal.nn;

import java.util.List;

/** What a state-dict load found: keys the model has but the checkpoint lacks, and the reverse. */
public record LoadReport(String origin, List<String> missing, List<String> unexpected, List<String> shapeMismatches) {
    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        shapeMismatches = List.copyOf(shapeMismatches);
    }

    public boolean isClean() {
        return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
    }

    /** Every problem at once, one per line, as the error message of a failed load. */
    public String describe() {
        StringBuilder sb = new StringBuilder("cannot load " + origin + ":");
        section(sb, "shape mismatches", shapeMismatches);
        section(sb, "missing keys (in the model, not in the checkpoint)", missing);
        section(sb, "unexpected keys (in the checkpoint, not in the model)", unexpected);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<String> items) {
        if (items.isEmpty()) return;
        sb.append("\n  ").append(items.size()).append(' ').append(title).append(':');
        int shown = 0;
        for (String s : items) {
            if (shown++ == 50) {
                sb.append("\n    … and ").append(items.size() - 50).append(" more");
                break;
            }
            sb.append("\n    ").append(s);
        }
    }
}
