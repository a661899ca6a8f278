package dev.petal.schedulers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.safetensors.SafetensorsFile;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

/** One scheduler fixture folder: its meta.json, its scheduler_config.json as Petal reads it, and its tables. */
record FixtureCase(String name, Path dir, JsonNode meta, SchedulerConfig config, NoiseSchedule schedule,
                   SafetensorsFile tables) {

    /** Fails (naming the folder) when meta.json is missing or the config's class is unknown or invalid. */
    static FixtureCase load(Path dir) {
        JsonNode meta = Fixtures.json(dir.resolve("meta.json"));
        SchedulerConfig config = SchedulerConfig.read(dir.resolve("scheduler_config.json"));
        String metaClass = meta.path("class").asText();
        if (!metaClass.equals(config.kind().className())) {
            throw new AssertionError(dir + ": meta.json class " + metaClass + " but scheduler_config.json says "
                    + config.kind().className());
        }
        return new FixtureCase(dir.getFileName().toString(), dir, meta, config, NoiseSchedule.of(config),
                SafetensorsFile.open(dir.resolve("tables.safetensors")));
    }

    Sampler sampler(int steps) {
        return Samplers.create(config, steps);
    }

    TreeSet<Integer> tableStepCounts() {
        return SchedulerFixtureTest.stepCounts(tables);
    }

    /** Euler and DPM-Solver noise in sigma space, at members of a step schedule. */
    boolean isSigmaBased() {
        return config.kind() == SchedulerKind.EULER || config.kind() == SchedulerKind.DPM_SOLVER_MULTISTEP;
    }

    /** The single-step samplers, whose steps the fixtures let us restart from the stored inputs. */
    boolean singleStepComparable() {
        return switch (config.kind()) {
            case DDPM, DDIM, EULER -> true;
            case PNDM, DPM_SOLVER_MULTISTEP -> false;
        };
    }

    /** The smallest stored step count whose schedule contains all these timesteps. */
    int scheduleContaining(double[] timesteps) {
        for (int n : tableStepCounts()) {
            double[] schedule = tables.doubles("n" + n + ".timesteps");
            if (Arrays.stream(timesteps).allMatch(t -> Arrays.stream(schedule).anyMatch(s -> s == t))) return n;
        }
        throw new AssertionError(name + ": add_noise timesteps " + Arrays.toString(timesteps)
                + " are in none of the stored schedules " + tableStepCounts());
    }
}
