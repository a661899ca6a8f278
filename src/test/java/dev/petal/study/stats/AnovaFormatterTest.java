package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnovaFormatterTest {

    private static final DataTable TABLE = DataTable.builder()
            .factor("a", List.of("lo", "hi"), List.of("lo", "lo", "lo", "hi", "hi", "hi", "lo", "hi"))
            .factor("b", List.of("u", "v"), List.of("u", "v", "u", "v", "u", "v", "v", "u"))
            .numeric("y", 1.0, 1.4, 1.1, 2.9, 2.4, 3.3, 1.6, 2.2).build();

    @Test
    void typeThreeTableListsInterceptTermsAndResiduals() {
        AnovaTable table = Anova.fit(TABLE, "y ~ a * b", AnovaType.III);
        List<String> lines = table.format().lines().toList();
        assertEquals("Anova Table (Type III tests)", lines.get(0));
        assertTrue(lines.contains("Response: y"));
        String header = lines.stream().filter(l -> l.contains("Sum Sq")).findFirst().orElseThrow();
        assertTrue(header.contains("Df") && header.contains("F value") && header.contains("Pr(>F)")
                && header.contains("partial eta2"), header);
        List<String> firstWords = lines.stream().map(l -> l.split(" ")[0]).toList();
        int intercept = firstWords.indexOf("(Intercept)");
        assertTrue(intercept >= 0 && intercept < firstWords.indexOf("a") && firstWords.indexOf("a")
                < firstWords.indexOf("a:b") && firstWords.indexOf("a:b") < firstWords.indexOf("Residuals"));
        String rowA = lines.stream().filter(l -> l.startsWith("a ")).findFirst().orElseThrow();
        AnovaRow a = table.term("a").orElseThrow();
        assertTrue(rowA.contains(AnovaFormatter.number(a.sumSq())) && rowA.contains(AnovaFormatter.number(a.f())), rowA);
    }

    @Test
    void numbersAndPValues() {
        assertEquals("2", AnovaFormatter.number(2.0));
        assertEquals("0.12346", AnovaFormatter.number(0.123456789));
        assertEquals("1.2346e-05", AnovaFormatter.number(0.0000123456789));
        assertEquals("Inf", AnovaFormatter.number(Double.POSITIVE_INFINITY));
        assertEquals("< 2.2e-16", AnovaFormatter.pValue(1e-20));
        assertEquals("0.0002913", AnovaFormatter.pValue(0.0002912801837528953));
    }

    @Test
    void tukeyTableNamesPairsInRsOrder() {
        DataTable t = DataTable.builder().factor("g", List.of("p", "q", "r"), List.of("p", "p", "q", "q", "r", "r"))
                .numeric("y", 1, 2, 4, 5, 3, 3.5).build();
        String text = TukeyHsd.test(t, "y ~ g", "g", 0.9).format();
        assertTrue(text.contains("90% family-wise"), text);
        assertTrue(text.indexOf("q-p") < text.indexOf("r-p") && text.indexOf("r-p") < text.indexOf("r-q"), text);
    }
}
