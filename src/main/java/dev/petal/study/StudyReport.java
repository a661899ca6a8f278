package dev.petal.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.report.Charts;
import dev.petal.report.Html;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code STUDY/report/index.html}: per metric the input × output heatmap (as in the paper), box plots per factor
 * level, the ANOVA tables, the best configurations with their parameter counts, and per trial its sample grid and
 * noise-prediction difference map.
 */
public final class StudyReport {
    private StudyReport() {
    }

    public static Path write(StudyDir study) {
        Results.gather(study);
        StudySpec spec = study.spec();
        Path dir = study.root().resolve("report");
        List<Trial> done = study.trials().stream().filter(t -> study.status(t.id()) == StudyDir.Status.DONE).toList();
        Map<String, List<String>> factors = Analysis.varyingFactors(study);
        Html h = new Html("Study " + spec.name());
        h.p(String.format("%d of %d trials finished; base model %s; task %s; method %s; %d steps; seeds %s.",
                done.size(), study.trials().size(), spec.model(), spec.task().kind(), spec.method(), spec.steps(), spec.seeds()));
        for (String metric : spec.metrics()) {
            Map<String, List<Double>> valuesByTrial = new LinkedHashMap<>();
            List<Row> rows = new ArrayList<>();
            for (Trial t : done) {
                JsonNode m = study.metrics(t.id());
                JsonNode v = m.path("metrics").path(metric);
                if (v.isNumber()) rows.add(new Row(t, v.asDouble(), m.path("parameters").asLong(0)));
            }
            if (rows.isEmpty()) continue;
            h.h2(metric);
            if (factors.containsKey("input") && factors.containsKey("output")) {
                List<String> in = factors.get("input"), out = factors.get("output");
                double[][] grid = new double[in.size()][out.size()];
                for (int i = 0; i < in.size(); i++) {
                    for (int j = 0; j < out.size(); j++) {
                        String a = in.get(i), b = out.get(j);
                        grid[i][j] = rows.stream().filter(r -> a.equals(r.t.levels().get("input")) && b.equals(r.t.levels().get("output")))
                                .mapToDouble(Row::value).average().orElse(Double.NaN);
                    }
                }
                String file = "heatmap-" + Results.column(metric) + ".png";
                Charts.write(Charts.heatmap(metric + " by input × output position (mean over seeds)", in, out, grid, "input", "output", 760, 560),
                        dir.resolve(file));
                h.img(file, "heatmap");
            }
            for (Map.Entry<String, List<String>> f : factors.entrySet()) {
                Map<String, List<Double>> by = new LinkedHashMap<>();
                for (String level : f.getValue()) by.put(level, new ArrayList<>());
                for (Row r : rows) by.get(r.t.levels().get(f.getKey())).add(r.value);
                by.values().removeIf(List::isEmpty);
                String file = "box-" + Results.column(metric) + "-" + f.getKey() + ".png";
                Charts.write(Charts.boxPlot(metric + " by " + f.getKey(), f.getKey(), metric, by, 640, 360), dir.resolve(file));
                h.img(file, "box plot");
            }
            h.h3("Best configurations");
            Map<String, List<Row>> byCell = new LinkedHashMap<>();
            for (Row r : rows) byCell.computeIfAbsent(r.t.id().replaceAll("-seed\\d+$", ""), k -> new ArrayList<>()).add(r);
            List<String[]> table = new ArrayList<>();
            byCell.entrySet().stream()
                    .sorted(Comparator.comparingDouble((Map.Entry<String, List<Row>> e) -> -mean(e.getValue())))
                    .limit(10)
                    .forEach(e -> table.add(new String[]{e.getKey(), String.format("%.4f", mean(e.getValue())),
                            String.format("%.4f", sd(e.getValue())), Integer.toString(e.getValue().size()),
                            String.format("%,d", e.getValue().get(0).params)}));
            h.table(new String[]{"configuration", "mean " + metric, "sd", "seeds", "trained parameters"}, table);
        }
        Path analysis = study.root().resolve("analysis.txt");
        h.h2("ANOVA");
        h.pre(Files.exists(analysis) ? read(analysis) : Analysis.write(study));
        JsonNode skipped = null;
        try {
            skipped = StudyDir.JSON.readTree(study.root().resolve("plan.json").toFile()).path("skipped");
        } catch (java.io.IOException ignored) {
            // the plan was read above; a missing list only omits the section
        }
        if (skipped != null && skipped.size() > 0) {
            h.h2("Skipped cells (not valid adapters)");
            StringBuilder sb = new StringBuilder();
            skipped.forEach(s -> sb.append(s.asText()).append('\n'));
            h.pre(sb.toString());
        }
        h.h2("Trials");
        for (Trial t : done) {
            Path td = study.trialDir(t.id());
            List<String> pics = new ArrayList<>();
            for (String f : new String[]{"samples/grid.png", "noise-diff.png"}) {
                if (Files.exists(td.resolve(f))) pics.add("../trials/" + t.id() + "/" + f);
            }
            h.figureRow(t.id() + " " + study.metrics(t.id()).path("metrics"), pics);
        }
        Path index = dir.resolve("index.html");
        StudyDir.writeAtomically(index, h.render());
        return index;
    }

    private record Row(Trial t, double value, long params) {
    }

    private static double mean(List<Row> rs) {
        return rs.stream().mapToDouble(Row::value).average().orElse(Double.NaN);
    }

    private static double sd(List<Row> rs) {
        if (rs.size() < 2) return Double.NaN;
        double m = mean(rs), ss = 0;
        for (Row r : rs) ss += (r.value - m) * (r.value - m);
        return Math.sqrt(ss / (rs.size() - 1));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(cannot read " + p + ")";
        }
    }
}
