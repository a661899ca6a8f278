package dev.petal.study.stats;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fixture checks must be able to fail: perturbed expectations and unknown kinds are rejected. */
class FixtureHarnessTest {

    private static JsonNode doc;
    private static DataTable table;

    @BeforeAll
    static void load() throws IOException {
        doc = new ObjectMapper().readTree(Path.of("src/test/fixtures/anova/example_optimizer_warmup.json").toFile());
        table = DataTableJson.fromData(doc.get("data"));
    }

    private static FixtureCase fixtureCase(String id) {
        for (JsonNode a : doc.get("analyses")) {
            if (a.get("id").asText().equals(id)) {
                return new FixtureCase(a, table, "score");
            }
        }
        throw new AssertionError("no analysis " + id);
    }

    private static ObjectNode expected(String id) {
        return (ObjectNode) fixtureCase(id).analysis().get("expected").deepCopy();
    }

    @Test
    void unperturbedExpectationsPass() {
        FixtureCase c = fixtureCase("type2_optimizer*warmup");
        assertDoesNotThrow(() -> c.verify(c.compute(), expected("type2_optimizer*warmup")));
    }

    @Test
    void smallPerturbationsOfAnovaNumbersFail() {
        FixtureCase c = fixtureCase("type2_optimizer*warmup");
        Object result = c.compute();
        String[] fields = {"sum_sq", "F", "p", "eta_sq", "partial_eta_sq"};
        for (String field : fields) {
            ObjectNode e = expected("type2_optimizer*warmup");
            ObjectNode term = (ObjectNode) e.get("terms").get(1);
            double v = term.get(field).asDouble();
            term.put(field, v + Math.max(1e-8 * Math.abs(v), 1e-11));
            assertThrows(AssertionError.class, () -> c.verify(result, e), field);
        }
        ObjectNode e = expected("type2_optimizer*warmup");
        e.putArray("aliased_coefficients").add("optimizeradam:warmupyes");
        assertThrows(AssertionError.class, () -> c.verify(result, e), "aliased list");
    }

    @Test
    void tukeyPairOrderAndPValuesAreChecked() {
        FixtureCase c = fixtureCase("tukey_optimizer");
        Object result = c.compute();
        ObjectNode swapped = expected("tukey_optimizer");
        ((ObjectNode) swapped.get("comparisons").get(0)).put("level_a", "sgd").put("level_b", "adam");
        assertThrows(AssertionError.class, () -> c.verify(result, swapped));
        ObjectNode p = expected("tukey_optimizer");
        ObjectNode first = (ObjectNode) p.get("comparisons").get(0);
        first.put("p_adj", first.get("p_adj").asDouble() + 5e-8);
        assertThrows(AssertionError.class, () -> c.verify(result, p));
    }

    @Test
    void degenerateTargetsMergeExactValues() {
        ObjectNode exact = new ObjectMapper().createObjectNode();
        exact.putArray("terms").addObject().put("F", "Infinity");
        JsonNode merged = AnovaFixtureTest.merge(expected("oneway_optimizer"), exact);
        assertEquals("Infinity", merged.get("terms").get(0).get("F").asText());
        assertEquals(2, merged.get("terms").get(0).get("df").asInt());
        FixtureCase c = fixtureCase("oneway_optimizer");
        assertThrows(AssertionError.class, () -> c.verify(c.compute(), merged));
    }

    @Test
    void unknownKindFails() {
        ObjectNode analysis = (ObjectNode) fixtureCase("welch_optimizer").analysis().deepCopy();
        analysis.put("kind", "kruskal");
        FixtureCase c = new FixtureCase(analysis, table, "score");
        assertThrows(AssertionError.class, c::compute);
    }
}
