package dev.petal.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis finds the factor that matters on a synthetic paper-positions study. */
class AnalysisTest {
    @TempDir
    Path tmp;

    @Test
    void inputPositionDominatesWhenItDrivesTheMetric() throws Exception {
        StudyDir study = new StudyDir(tmp.resolve("s"));
        study.create(PlannerAndRunnerTest.spec(Planner.paperPositions(), List.of(0L, 1L, 2L)));
        Map<String, Double> effect = Map.of("CA_out", 0.87, "CA_c", 0.869, "Trans_out", 0.84, "FFN_in", 0.83, "FFN_out", 0.80,
                "SA_in", 0.76, "SA_out", 0.75, "CA_in", 0.77, "Res_in", 0.74, "Res_out", 0.75);
        TrialExecutor fake = (s, t) -> {
            Random r = new Random(t.id().hashCode());
            double v = effect.get(t.levels().get("input")) + 0.005 * r.nextGaussian();
            StudyDir.writeAtomically(s.trialDir(t.id()).resolve("metrics.json"), "{\"metrics\": {\"clip-i\": " + v + ", \"clip-t\": " + (0.3 + 0.01 * r.nextGaussian()) + "}}");
        };
        LocalRunner.run(study, 2, false, fake, m -> { });
        Results.gather(study);
        List<Analysis.MetricAnalysis> a = Analysis.analyze(study);
        assertEquals(2, a.size());
        Analysis.MetricAnalysis clipI = a.get(0);
        assertEquals("clip_i", clipI.metric());
        assertEquals(60, clipI.n());
        Analysis.OneWay input = clipI.oneWay().stream().filter(o -> o.factor().equals("input")).findFirst().orElseThrow();
        Analysis.OneWay output = clipI.oneWay().stream().filter(o -> o.factor().equals("output")).findFirst().orElseThrow();
        assertEquals(9, input.row().df());
        assertEquals(50, input.table().residual().df());
        assertTrue(input.row().f() > 100 && input.row().p() < 1e-10, "input F " + input.row().f());
        assertTrue(input.row().f() > 10 * output.row().f(), "input F must dominate output F");
        assertTrue(clipI.mainEffects() != null && clipI.tukey().contains("CA_out"), Analysis.format(a));
        String text = Analysis.write(study);
        assertTrue(text.contains("One-way ANOVA per factor") && text.contains("Type II"), text);
        Path index = StudyReport.write(study);
        String html = java.nio.file.Files.readString(index);
        assertTrue(html.contains("heatmap-clip_i.png") && html.contains("Best configurations") && html.contains("Skipped cells"), html);
        var heat = javax.imageio.ImageIO.read(index.resolveSibling("heatmap-clip_i.png").toFile());
        assertEquals(760, heat.getWidth());
        assertTrue(java.nio.file.Files.exists(index.resolveSibling("box-clip_i-input.png")));
        if (System.getProperty("petal.keep.report") != null) {
            java.nio.file.Files.createDirectories(Path.of(System.getProperty("petal.keep.report")));
            java.nio.file.Files.copy(index.resolveSibling("heatmap-clip_i.png"), Path.of(System.getProperty("petal.keep.report"), "heatmap.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.nio.file.Files.copy(index.resolveSibling("box-clip_i-input.png"), Path.of(System.getProperty("petal.keep.report"), "box.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
