package dev.petal.study.stats;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code data} block of an {@code anova-fixture/1} file: {@code columns}, {@code types}
 * ({@code factor}/{@code character} or {@code numeric}/{@code integer}/{@code double}), {@code levels}
 * (level order per factor) and {@code rows} ({@code null} = missing; numbers may be the strings
 * {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}).
 */
public final class DataTableJson {

    private DataTableJson() {
    }

    public static DataTable fromData(JsonNode data) {
        JsonNode columns = required(data, "columns");
        JsonNode rows = required(data, "rows");
        DataTable.Builder builder = DataTable.builder();
        for (int c = 0; c < columns.size(); c++) {
            String name = columns.get(c).asText();
            String type = required(required(data, "types"), name).asText();
            List<JsonNode> cells = new ArrayList<>();
            for (JsonNode row : rows) {
                if (row.size() != columns.size()) {
                    throw new StatsException("data row " + row + " has " + row.size() + " cells, expected "
                            + columns.size());
                }
                cells.add(row.get(c));
            }
            builder.add(column(name, type, data.path("levels").path(name), cells));
        }
        return builder.build();
    }

    private static Column column(String name, String type, JsonNode levels, List<JsonNode> cells) {
        return switch (type) {
            case "factor", "character" -> factor(name, levels, cells);
            case "numeric", "integer", "double" -> NumericColumn.of(name, cells.stream().map(DataTableJson::number).toList());
            default -> throw new StatsException("column '" + name + "' has unsupported type '" + type + "'");
        };
    }

    private static FactorColumn factor(String name, JsonNode levels, List<JsonNode> cells) {
        List<String> labels = cells.stream().map(n -> n.isNull() ? null : n.asText()).toList();
        if (levels.isMissingNode() || levels.isNull()) {
            return FactorColumn.of(name, Levels.sorted(labels), labels);
        }
        List<String> order = new ArrayList<>();
        levels.forEach(l -> order.add(l.asText()));
        return FactorColumn.of(name, order, labels);
    }

    /** A JSON cell as a double: {@code null} (NA) → null, strings such as "NaN" or "Infinity" parsed. */
    public static Double number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        try {
            return Double.parseDouble(node.asText());
        } catch (NumberFormatException e) {
            throw new StatsException("'" + node.asText() + "' is not a number");
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new StatsException("fixture data has no '" + field + "'");
        }
        return value;
    }
}
