package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataTableCsvTest {

    private static final String CSV = """
            run,input,output,scale,clip_i,note
            1,CA_out,FFN_in,1,0.870,"plain"
            2,CA_c,CA_c,0.5,0.869,"quoted, with comma"
            3,SA_in,Trans_out,1,NA,"said \"\"hi\"\""
            4,CA_out,FFN_in,2,,
            5,SA_in,FFN_in,0.5,NaN,x
            """;

    @Test
    void readsTypesLevelsAndMissingValues() {
        DataTable t = DataTableCsv.read(new StringReader(CSV),
                Map.of("input", List.of("SA_in", "CA_c", "CA_out"), "scale", List.of()));
        assertEquals(List.of("run", "input", "output", "scale", "clip_i", "note"), t.columnNames());
        assertEquals(5, t.rowCount());
        assertEquals(List.of("SA_in", "CA_c", "CA_out"), t.factor("input").levels());
        assertEquals(List.of("0.5", "1", "2"), t.factor("scale").levels(), "numeric-looking levels sort numerically");
        assertEquals(List.of("FFN_in", "CA_c", "Trans_out").stream().sorted().toList(), t.factor("output").levels());
        assertInstanceOf(NumericColumn.class, t.column("run"));
        NumericColumn clip = t.numeric("clip_i");
        assertEquals(0.869, clip.value(1));
        assertTrue(clip.isMissing(2) && clip.isMissing(3) && clip.isMissing(4));
        assertEquals("quoted, with comma", t.factor("note").label(1));
        assertEquals("said \"hi\"", t.factor("note").label(2));
        assertTrue(t.factor("note").isMissing(3));
    }

    @Test
    void analysisOnCsvDropsMissingRows() {
        DataTable t = DataTableCsv.read(new StringReader(CSV), Map.of());
        AnovaTable table = Anova.oneway(t, "clip_i", "input");
        assertEquals(2, table.n());
    }

    @Test
    void raggedLineAndUnknownFactorAreErrors() {
        assertThrows(StatsException.class, () -> DataTableCsv.read(new StringReader("a,b\n1,2\n3\n"), Map.of()));
        assertThrows(StatsException.class, () -> DataTableCsv.read(new StringReader("a,b\n1,2\n"), Map.of("c", List.of())));
        assertThrows(StatsException.class,
                () -> DataTableCsv.read(new StringReader("g,y\nu,1\nv,2\n"), Map.of("g", List.of("u"))));
    }
}
