package dev.petal.eval;

import dev.petal.eval.dino.ViTModel;
import dev.petal.eval.image.ClipProcessorConfig;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.inception.FidInceptionV3;
import dev.petal.models.ConfigReader;
import dev.petal.models.clip.ClipModel;
import dev.petal.nn.StateDictException;
import dev.petal.tensor.Tensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong or missing model files and unsupported preprocessing settings are errors that say what is wrong. */
class LoadingErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void weightsOfAnotherModelListTheMissingKeys() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("clip"));
        Files.copy(EvalFixtures.root().resolve("clip/model/config.json"), dir.resolve("config.json"));
        Files.copy(EvalFixtures.root().resolve("dino/model/model.safetensors"), dir.resolve("model.safetensors"));
        var e = assertThrows(StateDictException.class, () -> ClipModel.load(dir));
        assertTrue(e.getMessage().contains("94 missing keys") && e.getMessage().contains("unexpected keys") && e.getMessage().contains("embeddings.cls_token"), e.getMessage());
    }

    @Test
    void missingConfigOrWeights() throws Exception {
        var e = assertThrows(IllegalArgumentException.class, () -> ViTModel.load(tmp));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClipModel.load(tmp));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FidInceptionV3.load(tmp.resolve("pt_inception.safetensors")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void torchvisionsImageNetInceptionIsRefused() {
        Path f = tmp.resolve("inception_v3_google.safetensors");
        Tensors.save(f, Map.of("fc.weight", Tensors.fromFloats(new float[1000 * 2048], 1000, 2048)), Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> FidInceptionV3.load(f));
        assertTrue(e.getMessage().contains("not pytorch-fid's FID Inception"), e.getMessage());
    }

    @Test
    void processorConfigs() throws Exception {
        Path bilinear = Files.writeString(tmp.resolve("p.json"), "{\"resample\": 2, \"size\": 224}");
        var e = assertThrows(IllegalArgumentException.class, () -> ClipProcessorConfig.parse(ConfigReader.open(bilinear)));
        assertTrue(e.getMessage().contains("resample"), e.getMessage());
        Path exact = Files.writeString(tmp.resolve("q.json"), "{\"size\": {\"height\": 30, \"width\": 40}, \"do_center_crop\": false}");
        ImagePipeline p = ClipProcessorConfig.parse(ConfigReader.open(exact));
        assertEquals(40, p.resizedSize(53, 29)[0]);
        assertEquals(30, p.resizedSize(53, 29)[1]);
        ImagePipeline defaults = ClipProcessorConfig.load(tmp.resolve("absent.json"), 224);
        assertEquals(224, defaults.shortestEdge());
        assertEquals(224, defaults.cropWidth());
    }
}
