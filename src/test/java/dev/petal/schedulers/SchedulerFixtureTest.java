package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.safetensors.DType;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.petal.schedulers.Tolerance.TABLE;
import static dev.petal.schedulers.Tolerance.assertClose;
import static dev.petal.schedulers.Tolerance.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Every folder under {@code <fixtures>/schedulers} against diffusers v0.37.1: noise tables, timestep and sigma
 * lists, add_noise / get_velocity, single steps from the stored inputs (DDPM, DDIM, Euler) and whole chained
 * trajectories from x_init. Step counts and trajectories come from each folder's {@code meta.json}.
 */
class SchedulerFixtureTest {
    private static final Pattern TABLE_STEPS = Pattern.compile("n(\\d+)\\.timesteps");
    private static final Pattern TRAJECTORY_KEY = Pattern.compile("n(\\d+)(?:_.*)?");

    @TestFactory
    Stream<DynamicNode> schedulerFixtures() {
        return Fixtures.schedulerFolders().stream().map(SchedulerFixtureTest::folder);
    }

    @AfterAll
    static void report() {
        System.out.println(Tolerance.report());
    }

    /** One container per folder; a folder whose config cannot be used yields one failing test. */
    static DynamicNode folder(Path dir) {
        String cfg = dir.getFileName().toString();
        FixtureCase c;
        try {
            c = FixtureCase.load(dir);
        } catch (RuntimeException e) {
            return dynamicTest(cfg + ": config", () -> {
                throw e;
            });
        }
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(test(c, "config matches meta.json full_config", () -> ConfigChecks.matchesFullConfig(c)));
        tests.add(test(c, "betas", () -> table(c, "betas", c.schedule().betas())));
        tests.add(test(c, "alphas_cumprod", () -> table(c, "alphas_cumprod", c.schedule().alphasCumprod())));
        for (int n : c.tableStepCounts()) {
            tests.add(test(c, "n" + n + " timesteps", () -> timesteps(c, n)));
            tests.add(test(c, "n" + n + " init_noise_sigma", () -> initNoiseSigma(c, n)));
            if (c.tables().contains("n" + n + ".sigmas")) tests.add(test(c, "n" + n + " sigmas", () -> sigmas(c, n)));
        }
        tests.add(test(c, "add_noise", () -> addNoise(c)));
        if (c.tables().contains("get_velocity.velocity")) tests.add(test(c, "get_velocity", () -> velocity(c)));
        c.meta().get("trajectories").fieldNames().forEachRemaining(key -> {
            tests.add(test(c, key + " calls", () -> Trajectories.calls(c, key)));
            if (c.singleStepComparable()) tests.add(test(c, key + " single steps", () -> Trajectories.singleSteps(c, key)));
            tests.add(test(c, key + " chained trajectory", () -> Trajectories.chained(c, key)));
        });
        return dynamicContainer(c.name(), tests);
    }

    private static DynamicNode test(FixtureCase c, String name, Executable body) {
        return dynamicTest(c.name() + ": " + name, body);
    }

    private static void table(FixtureCase c, String name, double[] java) {
        assertClose(c.name(), "tables", name, java, c.tables().doubles(name), TABLE);
    }

    private static void timesteps(FixtureCase c, int n) {
        String name = "n" + n + ".timesteps";
        try (Sampler s = c.sampler(n)) {
            boolean integer = c.tables().entry(name).dtype() == DType.I64;
            assertEquals(!integer, s.fractionalTimesteps(), c.name() + " " + name + ": integer vs fractional");
            if (integer) {
                assertExact(c.name(), name, toLongs(s.timesteps()), c.tables().longs(name));
            } else {
                assertClose(c.name(), "tables", name, s.timesteps(), c.tables().doubles(name), TABLE);
            }
            JsonNode listed = c.meta().get(name);
            if (listed != null) assertEquals(listed.size(), s.numSteps(), c.name() + " " + name + " in meta.json");
        }
    }

    private static void initNoiseSigma(FixtureCase c, int n) {
        try (Sampler s = c.sampler(n)) {
            double ref = c.meta().get("n" + n + ".init_noise_sigma").asDouble();
            assertClose(c.name(), "tables", "n" + n + ".init_noise_sigma", new double[]{s.initNoiseSigma()},
                    new double[]{ref}, TABLE);
        }
    }

    private static void sigmas(FixtureCase c, int n) {
        try (Sampler s = c.sampler(n)) {
            double[] java = switch (s) {
                case EulerSampler e -> e.sigmas();
                case DpmSolverMultistepSampler d -> d.sigmas();
                default -> throw new AssertionError(c.name() + ": sigmas stored for a " + s.getClass().getSimpleName());
            };
            assertClose(c.name(), "tables", "n" + n + ".sigmas", java, c.tables().doubles("n" + n + ".sigmas"), TABLE);
        }
    }

    /** VP schedulers noise at training timesteps; Euler / DPM-Solver at members of a step schedule. */
    private static void addNoise(FixtureCase c) {
        SafetensorsFile t = c.tables();
        Tensor x0 = Tensors.load(t, "add_noise.original"), noise = Tensors.load(t, "add_noise.noise");
        Tensor noisy;
        if (c.isSigmaBased()) {
            double[] ts = t.doubles("add_noise.timesteps");
            int n = c.scheduleContaining(ts);
            try (Sampler s = c.sampler(n)) {
                noisy = s.addNoise(x0, noise, indicesOf(ts, s.timesteps()));
            }
        } else {
            noisy = c.schedule().addNoise(x0, noise, t.longs("add_noise.timesteps"));
        }
        assertClose(c.name(), "add_noise / get_velocity", "add_noise.noisy", Tensors.toDoubles(noisy),
                t.doubles("add_noise.noisy"), TABLE);
    }

    private static void velocity(FixtureCase c) {
        SafetensorsFile t = c.tables();
        Tensor v = c.schedule().velocity(Tensors.load(t, "add_noise.original"), Tensors.load(t, "add_noise.noise"),
                t.longs("add_noise.timesteps"));
        assertClose(c.name(), "add_noise / get_velocity", "get_velocity.velocity", Tensors.toDoubles(v),
                t.doubles("get_velocity.velocity"), TABLE);
    }

    /** diffusers' index_for_timestep: the first match, or the second when the timestep repeats. */
    static int[] indicesOf(double[] timesteps, double[] schedule) {
        int[] idx = new int[timesteps.length];
        for (int k = 0; k < idx.length; k++) {
            List<Integer> hits = new ArrayList<>();
            for (int i = 0; i < schedule.length; i++) if (schedule[i] == timesteps[k]) hits.add(i);
            assertTrue(!hits.isEmpty(), "timestep " + timesteps[k] + " is not in the schedule");
            idx[k] = hits.get(hits.size() > 1 ? 1 : 0);
        }
        return idx;
    }

    static long[] toLongs(double[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.rint(x[i]), x[i], "timestep " + x[i] + " is not an integer");
            out[i] = (long) x[i];
        }
        return out;
    }

    /** The N of every {@code n<N>.timesteps} table, sorted. */
    static TreeSet<Integer> stepCounts(SafetensorsFile tables) {
        TreeSet<Integer> out = new TreeSet<>();
        for (String name : tables.names()) {
            Matcher m = TABLE_STEPS.matcher(name);
            if (m.matches()) out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    /** N from a trajectory key: "n25", "n25_eta0.5". */
    static int stepsOf(String trajectoryKey) {
        Matcher m = TRAJECTORY_KEY.matcher(trajectoryKey);
        if (!m.matches()) throw new AssertionError("trajectory key \"" + trajectoryKey + "\" does not start with n<N>");
        return Integer.parseInt(m.group(1));
    }

    static Path trajectoryFile(FixtureCase c, String key) {
        Path f = c.dir().resolve("trajectory_" + key + ".safetensors");
        assertTrue(Files.isRegularFile(f), c.name() + ": meta.json lists trajectory " + key + " but " + f + " is missing");
        return f;
    }
}
