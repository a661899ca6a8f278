package dev.petal.tensor;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training loop's native memory stays flat: RSS after 2,000 steps within 10 % of RSS after 100. */
class MemoryProofTest {
    @Test
    void rssStaysFlatOver2000Steps() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch", "-Dpetal.threads=2",
                "-cp", System.getProperty("java.class.path"), MemoryProof.class.getName(), "2000"));
        pb.redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        Matcher m = Pattern.compile("rss100=(\\d+) rssEnd=(\\d+)").matcher(out);
        assertTrue(m.find(), out);
        long rss100 = Long.parseLong(m.group(1)), rssEnd = Long.parseLong(m.group(2));
        System.out.printf("memory proof: RSS %d kB after 100 steps, %d kB after 2000 (%+.1f %%)%n",
                rss100, rssEnd, 100.0 * (rssEnd - rss100) / rss100);
        assertTrue(rssEnd <= rss100 * 1.10, "RSS grew from " + rss100 + " kB to " + rssEnd + " kB");
    }
}
