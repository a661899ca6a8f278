package dev.petal.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {
    @Test
    void etaOfAResumedRunCountsOnlyThisProcessSteps() {
        // resumed at 3,750 of 6,000; 10 steps in 10 s → 2,240 steps left at 1 step/s
        assertEquals(Duration.ofSeconds(2240), Progress.eta(3750, 3760, 6000, Duration.ofSeconds(10)));
        // a fresh run: 100 of 300 in 50 s → 100 s left
        assertEquals(Duration.ofSeconds(100), Progress.eta(0, 100, 300, Duration.ofSeconds(50)));
        assertNull(Progress.eta(3750, 3750, 6000, Duration.ofSeconds(1)), "no rate before the first step");
    }
}
