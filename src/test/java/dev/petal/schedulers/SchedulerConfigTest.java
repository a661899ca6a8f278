package dev.petal.schedulers;

import dev.petal.schedulers.SchedulerConfig.TimestepSpacing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulerConfigTest {
    /** Stable Diffusion 1.5's scheduler_config.json, with its leftover clip_sample (not a PNDM field). */
    private static final String SD15 = """
            {"_class_name": "PNDMScheduler", "_diffusers_version": "0.6.0", "beta_end": 0.012,
             "beta_schedule": "scaled_linear", "beta_start": 0.00085, "num_train_timesteps": 1000,
             "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1, "trained_betas": null,
             "clip_sample": false}""";

    private static SchedulerConfigException refused(String json) {
        return assertThrows(SchedulerConfigException.class, () -> SchedulerConfig.parse(json, "test.json"));
    }

    @Test
    void unknownClassNamesTheFileAndField() {
        SchedulerConfigException e = refused("{\"_class_name\": \"LMSDiscreteScheduler\"}");
        assertEquals("_class_name", e.field());
        assertTrue(e.getMessage().startsWith("test.json: field '_class_name'"), e.getMessage());
        assertTrue(e.getMessage().contains("LMSDiscreteScheduler") && e.getMessage().contains("DDIMScheduler"));
    }

    @Test
    void missingClassAndBrokenJson() {
        assertEquals("_class_name", refused("{\"beta_start\": 0.1}").field());
        assertNull(refused("{\"_class_name\": ").field());
        assertNull(refused("[1, 2]").field());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DDIMScheduler               | beta_schedule          | "cosine"
            DDIMScheduler               | prediction_type        | "v-prediction"
            DDIMScheduler               | timestep_spacing       | "uniform"
            DDIMScheduler               | num_train_timesteps    | "1000"
            DDIMScheduler               | num_train_timesteps    | 999.5
            DDIMScheduler               | num_train_timesteps    | 1
            DDIMScheduler               | steps_offset           | -1
            DDIMScheduler               | clip_sample            | "false"
            DDIMScheduler               | clip_sample_range      | 0
            DDIMScheduler               | beta_start             | "0.1"
            DDIMScheduler               | beta_end               | NaN
            DDIMScheduler               | thresholding           | true
            DDIMScheduler               | trained_betas          | [0.1, 0.2]
            DDIMScheduler               | trained_betas          | "x"
            DDPMScheduler               | variance_type          | "learned_range"
            DDPMScheduler               | variance_type          | "fixed_large_log"
            DDPMScheduler               | variance_type          | "tiny"
            PNDMScheduler               | skip_prk_steps         | false
            PNDMScheduler               | prediction_type        | "sample"
            EulerDiscreteScheduler      | interpolation_type     | "log_linear"
            EulerDiscreteScheduler      | timestep_type          | "continuous"
            EulerDiscreteScheduler      | use_exponential_sigmas | true
            EulerDiscreteScheduler      | final_sigmas_type      | "one"
            EulerDiscreteScheduler      | sigma_min              | -1
            DPMSolverMultistepScheduler | algorithm_type         | "sde-dpmsolver++"
            DPMSolverMultistepScheduler | solver_order           | 4
            DPMSolverMultistepScheduler | solver_type            | "rk4"
            DPMSolverMultistepScheduler | use_lu_lambdas         | true
            DPMSolverMultistepScheduler | variance_type          | "learned_range"
            DPMSolverMultistepScheduler | lower_order_final      | 1
            """)
    void invalidOrUnsupportedValuesNameTheField(String cls, String field, String value) {
        // skip_prk_steps first so that PNDM rows test their own field (later duplicates win)
        SchedulerConfigException e = refused("{\"_class_name\": \"" + cls + "\", \"skip_prk_steps\": true, \""
                + field + "\": " + value + "}");
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("test.json: field '" + field + "': "), e.getMessage());
    }

    @Test
    void fileErrorsNameThePath(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("scheduler_config.json");
        Files.writeString(f, "{\"_class_name\": \"DDIMScheduler\", \"beta_schedule\": \"cosine\"}");
        SchedulerConfigException e = assertThrows(SchedulerConfigException.class, () -> SchedulerConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": field 'beta_schedule': unknown value \"cosine\""), e.getMessage());
        Path missing = dir.resolve("absent.json");
        assertTrue(assertThrows(SchedulerConfigException.class, () -> SchedulerConfig.read(missing))
                .getMessage().startsWith(missing.toString()));
    }

    @Test
    void fieldsOfOtherClassesAreIgnoredAndDefaultsAreDiffusers() {
        SchedulerConfig pndm = SchedulerConfig.parse(SD15, "sd15");
        assertEquals(SchedulerKind.PNDM, pndm.kind());
        assertTrue(pndm.skipPrkSteps());
        assertEquals(TimestepSpacing.LEADING, pndm.timestepSpacing());

        SchedulerConfig ddim = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\"}", "x");
        assertTrue(ddim.clipSample());
        assertTrue(ddim.setAlphaToOne());
        assertEquals(0.0001, ddim.betaStart());
        assertEquals(0, ddim.stepsOffset());
        // a field DDIM does not take is ignored, even with a value DPM-Solver would refuse
        assertEquals(2, SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"solver_order\": 9}", "x")
                .solverOrder());

        SchedulerConfig dpm = SchedulerConfig.parse("""
                {"_class_name": "DPMSolverMultistepScheduler", "lambda_min_clipped": -Infinity,
                 "algorithm_type": "deis", "solver_type": "logrho"}""", "x");
        assertEquals(Double.NEGATIVE_INFINITY, dpm.lambdaMinClipped());
        assertEquals(SchedulerConfig.SolverType.MIDPOINT, dpm.solverType());
        assertEquals(TimestepSpacing.LINSPACE, dpm.timestepSpacing());
        assertFalse(SchedulerConfig.parse("{\"_class_name\": \"PNDMScheduler\", \"skip_prk_steps\": true}", "x")
                .setAlphaToOne());
    }

    @Test
    void conversionKeepsTheNoiseScheduleLikeFromConfig() {
        SchedulerConfig sd15 = SchedulerConfig.parse(SD15, "sd15");
        SchedulerConfig dpm = Samplers.configFor("dpmpp-2m-karras", sd15);
        assertEquals(SchedulerKind.DPM_SOLVER_MULTISTEP, dpm.kind());
        assertEquals(0.00085, dpm.betaStart());
        assertEquals(SchedulerConfig.BetaSchedule.SCALED_LINEAR, dpm.betaSchedule());
        assertEquals(1, dpm.stepsOffset());
        assertTrue(dpm.useKarrasSigmas());
        assertEquals(TimestepSpacing.LINSPACE, dpm.timestepSpacing()); // not in the file: DPM's default
        // PNDM's own field is dropped; the leftover clip_sample is not PNDM's and carries over to DDIM
        assertFalse(dpm.explicitFields().has("skip_prk_steps"));
        assertFalse(Samplers.configFor("ddim", sd15).clipSample());

        // a field diffusers records as defaulted is not carried over
        SchedulerConfig ddim = SchedulerConfig.parse("""
                {"_class_name": "DDIMScheduler", "timestep_spacing": "leading",
                 "_use_default_values": ["timestep_spacing"]}""", "x");
        assertEquals(TimestepSpacing.LINSPACE, ddim.as(SchedulerKind.EULER, Map.of()).timestepSpacing());
        SchedulerConfig explicit = SchedulerConfig.parse(
                "{\"_class_name\": \"DDIMScheduler\", \"timestep_spacing\": \"leading\"}", "x");
        assertEquals(TimestepSpacing.LEADING, explicit.as(SchedulerKind.EULER, Map.of()).timestepSpacing());
    }

    @Test
    void stableDiffusionDefault() {
        SchedulerConfig c = SchedulerConfig.stableDiffusion(SchedulerKind.DDIM);
        assertEquals(0.012, c.betaEnd());
        assertFalse(c.clipSample());
        assertFalse(c.setAlphaToOne());
        assertEquals(1, c.stepsOffset());
    }
}
