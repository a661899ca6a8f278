package dev.petal.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptersCommandTest {
    static final String SD1 = "src/test/fixtures/configs/sd-v1-unet-config.json";

    @Test
    void countPrintsTheAuthorsNumbers() {
        var r = InspectCommandTest.run("adapters", "count", "--unet-config", SD1, "--input", "CA_out", "--output", "FFN_in", "--rank", "256");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("6,406,336") && r.out().contains("0.745 %") && r.out().contains("859,520,964"), r.out());
    }

    @Test
    void invalidPositionsListTheValidOutputs() {
        var r = InspectCommandTest.run("adapters", "count", "--unet-config", SD1, "--input", "Res_out", "--output", "Res_in");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("valid outputs for Res_out: [Res_out]"), r.err());
    }

    @Test
    void positionsListsTwentyCells() {
        var r = InspectCommandTest.run("adapters", "positions");
        assertTrue(r.out().contains("20 cells"), r.out());
    }
}
