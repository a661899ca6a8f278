package dev.petal.pretrain;

import dev.petal.models.clip.ClipTokenizer;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.schedulers.SchedulerKind;
import dev.petal.tensor.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@ExtendWith(OneTorchThread.class)
class ModelFilesTest {
    @TempDir
    Path tmp;

    /** A pipeline folder from a VAE and text encoder folder plus a random tiny UNet. */
    static Path pipeline(Path dir, Path vae, Path text) {
        var json = PretrainPreset.parse(TinyPretrain.UNET);
        Torch.seed(0);
        UNet2DConditionModel unet = new UNet2DConditionModel(ModelFiles.unetConfig(json));
        Path unetDir = dir.resolveSibling(dir.getFileName() + "-unet");
        ModelFiles.writeComponent(unetDir, json, ModelFiles.DIFFUSERS_WEIGHTS, unet.stateDict(), "fp32");
        ModelFiles.writePipeline(dir, unetDir, vae, text);
        return dir;
    }

    @Test
    void pipelineFolderHasSdsScheduleAndTheBundledTokenizer() {
        Path text = TinyPretrain.textEncoder(tmp.resolve("te"));
        var vaeJson = PretrainPreset.parse(TinyPretrain.VAE);
        Torch.seed(0);
        var vae = new dev.petal.models.vae.AutoencoderKL(ModelFiles.vaeConfig(vaeJson));
        ModelFiles.writeComponent(tmp.resolve("vae"), vaeJson, ModelFiles.DIFFUSERS_WEIGHTS, vae.stateDict(), "fp16");
        StableDiffusion sd = StableDiffusion.load(pipeline(tmp.resolve("model"), tmp.resolve("vae"), text));
        var sdDefault = dev.petal.schedulers.SchedulerConfig.stableDiffusion(SchedulerKind.DDIM);
        assertEquals(SchedulerKind.DDIM, sd.schedulerConfig().kind());
        assertEquals(sdDefault.betaStart(), sd.schedulerConfig().betaStart());
        assertEquals(sdDefault.betaEnd(), sd.schedulerConfig().betaEnd());
        assertEquals(sdDefault.stepsOffset(), sd.schedulerConfig().stepsOffset());
        String prompt = "an emoji of a grinning face with smiling eyes";
        assertArrayEquals(ClipTokenizer.bundled().encode(prompt), sd.tokenizer().encode(prompt));
        assertArrayEquals(ClipTokenizer.bundled().encode(""), sd.tokenizer().encode(""));
    }
}
