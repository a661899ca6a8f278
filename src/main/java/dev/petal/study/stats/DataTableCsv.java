package dev.petal.study.stats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a comma-separated table with a header line (the study's {@code results.csv}). Fields may be
 * double-quoted (RFC 4180). An empty field or {@code NA} is missing.
 *
 * <p>Columns named in {@code factorLevels} are factors: with the given level order, or, for an empty
 * list, levels sorted as R's {@code factor()} does. Other columns are numeric when every present
 * value parses as a number ({@code NaN}, {@code Inf}, {@code -Inf} included) and factors otherwise.
 */
public final class DataTableCsv {

    private DataTableCsv() {
    }

    public static DataTable read(Path file, Map<String, List<String>> factorLevels) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, factorLevels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static DataTable read(Reader reader, Map<String, List<String>> factorLevels) {
        List<List<String>> records = parse(reader);
        if (records.isEmpty()) {
            throw new StatsException("CSV has no header line");
        }
        List<String> header = records.get(0);
        List<List<String>> rows = records.subList(1, records.size());
        for (String name : factorLevels.keySet()) {
            if (!header.contains(name)) {
                throw new StatsException("factor column '" + name + "' is not in the CSV header " + header);
            }
        }
        DataTable.Builder builder = DataTable.builder();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            List<String> cells = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r).size() != header.size()) {
                    throw new StatsException("CSV line " + (r + 2) + " has " + rows.get(r).size()
                            + " fields, the header has " + header.size());
                }
                String cell = rows.get(r).get(c);
                cells.add(cell.isEmpty() || cell.equals("NA") ? null : cell);
            }
            builder.add(column(name, cells, factorLevels.get(name)));
        }
        return builder.build();
    }

    private static Column column(String name, List<String> cells, List<String> levels) {
        if (levels == null && cells.stream().allMatch(s -> s == null || parseNumber(s) != null)) {
            return NumericColumn.of(name, cells.stream().map(s -> s == null ? null : parseNumber(s)).toList());
        }
        List<String> order = levels == null || levels.isEmpty() ? Levels.sorted(cells) : levels;
        return FactorColumn.of(name, order, cells);
    }

    private static Double parseNumber(String s) {
        return switch (s) {
            case "Inf", "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s.strip());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    /** Splits the input into records of fields, honouring double quotes (which may span lines). */
    private static List<List<String>> parse(Reader reader) {
        String text;
        try (BufferedReader in = new BufferedReader(reader)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean recordHasContent = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    recordHasContent = true;
                }
                case ',' -> {
                    fields.add(field.toString());
                    field.setLength(0);
                    recordHasContent = true;
                }
                case '\r' -> { }
                case '\n' -> {
                    if (recordHasContent || field.length() > 0) {
                        fields.add(field.toString());
                        records.add(fields);
                    }
                    fields = new ArrayList<>();
                    field.setLength(0);
                    recordHasContent = false;
                }
                default -> {
                    field.append(ch);
                    recordHasContent = true;
                }
            }
        }
        if (quoted) {
            throw new StatsException("CSV ends inside a quoted field");
        }
        if (recordHasContent || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }
}
