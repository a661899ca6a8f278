package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Runs every analysis of every {@code *.json} fixture found under the fixture root (default
 * {@code src/test/fixtures/anova}, or the system property {@code petal.anova.fixtures}) against R's
 * reference results, one dynamic test per analysis.
 */
class AnovaFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicNode> fixtures() throws IOException {
        Path root = Path.of(System.getProperty("petal.anova.fixtures", "src/test/fixtures/anova"));
        assertTrue(Files.isDirectory(root), "fixture root " + root.toAbsolutePath() + " is not a directory");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no *.json fixtures under " + root.toAbsolutePath());
        return files.stream().map(file -> fixtureFile(root, file));
    }

    private DynamicNode fixtureFile(Path root, Path file) {
        String name = root.relativize(file).toString();
        JsonNode doc;
        DataTable table;
        try {
            doc = JSON.readTree(file.toFile());
            assertEquals("anova-fixture/1", doc.path("schema").asText(), "schema of " + name);
            table = DataTableJson.fromData(doc.path("data"));
        } catch (IOException | RuntimeException | AssertionError e) {
            return DynamicTest.dynamicTest(name + " (unreadable)", () -> fail("cannot load " + name, e));
        }
        JsonNode analyses = doc.path("analyses");
        if (!analyses.isArray() || analyses.isEmpty()) {
            return DynamicTest.dynamicTest(name + " (no analyses)", () -> fail(name + " has no analyses"));
        }
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode analysis : analyses) {
            String id = analysis.path("id").asText();
            FixtureCase fixtureCase = new FixtureCase(analysis, table, doc.path("response").asText(null));
            String label = id + " [" + fixtureCase.kind() + ", " + analysis.path("status").asText() + "]";
            boolean unique = ids.add(id);
            tests.add(DynamicTest.dynamicTest(label, () -> {
                try {
                    assertTrue(unique, "duplicate analysis id '" + id + "'");
                    run(fixtureCase);
                } catch (TestAbortedException e) {
                    throw e;
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(name + " / " + label + ": " + e, e);
                }
            }));
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private static void run(FixtureCase fixtureCase) {
        JsonNode analysis = fixtureCase.analysis();
        assertTrue(FixtureCase.KINDS.contains(fixtureCase.kind()),
                "unknown analysis kind '" + fixtureCase.kind() + "' (known: " + FixtureCase.KINDS + ")");
        String status = analysis.path("status").asText();
        switch (status) {
            case "reference" -> fixtureCase.verify(fixtureCase.compute(), analysis.path("expected"));
            case "degenerate" -> {
                assertTrue(analysis.hasNonNull("exact"), "a degenerate analysis needs an 'exact' block");
                fixtureCase.verify(fixtureCase.compute(), merge(analysis.path("expected"), analysis.get("exact")));
            }
            case "error" -> {
                StatsException e = assertThrows(StatsException.class, fixtureCase::compute,
                        "R refused with: " + analysis.path("expected").path("error").asText());
                assertFalse(e.getMessage().isBlank(), "error without a message");
            }
            case "informational" -> Assumptions.abort("informational analysis, not a target");
            default -> fail("unknown status '" + status + "'");
        }
    }

    /** {@code expected} with the fields of {@code exact} laid over it (objects field by field, equal-length arrays element by element). */
    static JsonNode merge(JsonNode expected, JsonNode exact) {
        if (expected instanceof ObjectNode base && exact.isObject()) {
            ObjectNode out = base.deepCopy();
            exact.properties().forEach(e -> out.set(e.getKey(),
                    out.has(e.getKey()) ? merge(out.get(e.getKey()), e.getValue()) : e.getValue()));
            return out;
        }
        if (expected.isArray() && exact.isArray() && expected.size() == exact.size()) {
            var out = JSON.createArrayNode();
            for (int i = 0; i < exact.size(); i++) {
                out.add(merge(expected.get(i), exact.get(i)));
            }
            return out;
        }
        return exact;
    }
}
