package dev.petal.eval.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.Fixtures;
import dev.petal.eval.EvalFixtures;
import dev.petal.eval.EvalParity;
import dev.petal.safetensors.SafetensorsFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every case file in {@code fd_kid/} (discovered): μ and Σ, FD by each reference method (an unknown method name
 * fails) and its components, KID per subset / mean / std on the stored subsets, the subsets themselves redrawn
 * with numpy's RandomState, and the full-set MMD².
 */
class FdKidFixtureTest {
    static final double TOL = 1e-6;
    static final Map<String, String> TR_SQRT_COMPONENT = Map.of(
            "tr_sqrt_sqrtm", "SQRTM", "tr_sqrt_eigvals", "EIGVALS", "tr_sqrt_eigh_symmetric", "EIGH_SYMMETRIC", "tr_sqrt_sqrtm_eps1e-6", "SQRTM_EPS");

    @TestFactory
    List<DynamicTest> cases() {
        Path dir = EvalFixtures.root().resolve("fd_kid");
        JsonNode cases = EvalFixtures.json(dir.resolve("meta.json")).get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Fixtures.walk(dir, ".safetensors")) {
            String name = file.getFileName().toString().replace(".safetensors", "");
            JsonNode c = cases.get(name);
            if (c == null) fail(name + ": not described in fd_kid/meta.json");
            tests.add(DynamicTest.dynamicTest(name + " statistics", () -> statistics(name, file)));
            tests.add(DynamicTest.dynamicTest(name + " FD", () -> frechet(name, file, c)));
            tests.add(DynamicTest.dynamicTest(name + " KID", () -> kid(name, file, c.get("kid"))));
        }
        if (tests.isEmpty()) fail("no FD/KID cases in " + dir);
        return tests;
    }

    static double[][] rows(SafetensorsFile f, String name) {
        long[] shape = f.entry(name).shape();
        double[] flat = f.doubles(name);
        double[][] out = new double[(int) shape[0]][(int) shape[1]];
        for (int i = 0; i < out.length; i++) System.arraycopy(flat, i * out[0].length, out[i], 0, out[0].length);
        return out;
    }

    static int[][] indices(SafetensorsFile f, String name) {
        long[] shape = f.entry(name).shape();
        long[] flat = f.longs(name);
        int[][] out = new int[(int) shape[0]][(int) shape[1]];
        for (int i = 0; i < flat.length; i++) out[i / out[0].length][i % out[0].length] = (int) flat[i];
        return out;
    }

    static void statistics(String name, Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String set : List.of("x", "y")) {
                GaussianStats s = GaussianStats.of(rows(f, set));
                perElement(name + " mu_" + set, s.mean(), f.doubles("mu_" + set));
                perElement(name + " sigma_" + set, s.sigma().data, f.doubles("sigma_" + set));
            }
        }
    }

    static void perElement(String what, double[] actual, double[] expected) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            assertTrue(err <= TOL * Math.max(Math.abs(expected[i]), 1), what + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
            worst = Math.max(worst, err);
        }
        EvalParity.log("fd_kid " + what, worst, TOL);
    }

    static void frechet(String name, Path file, JsonNode c) {
        GaussianStats x, y;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            x = GaussianStats.of(rows(f, "x"));
            y = GaussianStats.of(rows(f, "y"));
        }
        JsonNode comp = c.get("fd_components");
        double scale = comp.get("trace_sigma_x").asDouble() + comp.get("trace_sigma_y").asDouble();
        close(name + " mean_term", FrechetDistance.of(x, y, FdMethod.EIGH_SYMMETRIC).meanTerm(), comp.get("mean_term").asDouble(), scale);
        close(name + " trace_sigma_x", x.trace(), comp.get("trace_sigma_x").asDouble(), scale);
        close(name + " trace_sigma_y", y.trace(), comp.get("trace_sigma_y").asDouble(), scale);
        for (var e : c.get("fd").properties()) {
            FdMethod method = e.getKey().equals("cleanfid_sqrtm") ? FdMethod.SQRTM : FdMethod.parse(e.getKey());
            FrechetDistance fd = FrechetDistance.of(x, y, method);
            close(name + " FD " + e.getKey(), fd.value(), e.getValue().asDouble(), scale);
            assertTrue(fd.epsApplied() == (method == FdMethod.SQRTM_EPS || c.get("eps_fallback_triggered_naturally").asBoolean()), name + " eps fallback");
        }
        GaussianStats onlyX = new GaussianStats(x.mean(), x.sigma(), x.n(), null), onlyY = new GaussianStats(y.mean(), y.sigma(), y.n(), null);
        close(name + " FD eigh_symmetric from μ, Σ only (d×d route)", FrechetDistance.of(onlyX, onlyY, FdMethod.EIGH_SYMMETRIC).value(),
                c.get("fd").get("eigh_symmetric").asDouble(), scale);
        for (var e : comp.properties()) {
            if (!e.getKey().startsWith("tr_sqrt")) continue;
            String method = TR_SQRT_COMPONENT.get(e.getKey());
            if (method == null) fail(name + ": unknown component " + e.getKey());
            close(name + " " + e.getKey(), FrechetDistance.of(x, y, FdMethod.valueOf(method)).trSqrt(), e.getValue().asDouble(), scale);
        }
    }

    static void close(String what, double actual, double expected, double scale) {
        double bound = TOL * Math.max(Math.abs(expected), scale);
        double err = Math.abs(actual - expected);
        assertTrue(err <= bound, what + ": " + actual + " vs " + expected + " (bound " + bound + ")");
        EvalParity.log("fd_kid " + what + " (relative error)", err / Math.max(Math.abs(expected), scale), TOL);
    }

    static void kid(String name, Path file, JsonNode k) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            double[][] x = rows(f, "x"), y = rows(f, "y");
            int[][] ix = indices(f, "kid.subset_idx_x"), iy = indices(f, "kid.subset_idx_y");
            Kid stored = Kid.of(x, y, ix, iy, List.of());
            double[] ref = f.doubles("kid.mmd2_per_subset");
            for (int s = 0; s < ref.length; s++) close(name + " KID subset " + s, stored.perSubset()[s], ref[s], 1);
            close(name + " KID mean", stored.mean(), k.get("mean").asDouble(), 1);
            close(name + " KID std", stored.std(), k.get("std_ddof0").asDouble(), 1);
            close(name + " MMD2 full sets", Kid.mmd2FullSets(x, y), k.get("mmd2_unbiased_full_sets").asDouble(), 1);
            Kid drawn = Kid.of(x, y, k.get("subsets").asInt(), k.get("subset_size").asInt(), k.get("rng_seed").asLong());
            NumpyRandomState rng = new NumpyRandomState(k.get("rng_seed").asLong());
            for (int s = 0; s < ix.length; s++) {
                assertArrayEquals(ix[s], rng.choiceWithoutReplacement(x.length, ix[s].length), name + " subset " + s + " x indices");
                assertArrayEquals(iy[s], rng.choiceWithoutReplacement(y.length, iy[s].length), name + " subset " + s + " y indices");
            }
            close(name + " KID mean (subsets redrawn)", drawn.mean(), k.get("torch_fidelity_mean").asDouble(), 1);
        }
    }
}
