package dev.petal.eval.inception;

import com.fasterxml.jackson.databind.JsonNode;
import dev.petal.eval.EvalFixtures;
import dev.petal.eval.EvalParity;
import dev.petal.eval.Float64;
import dev.petal.eval.image.ImageFiles;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.eval.image.RgbImage;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * pytorch-fid's FID InceptionV3 against the reference: every module's mean activation, pool3 and the 64/192/768
 * features at 5e-4, the bilinear input resize of a 48×80 image, and a float64 run against the f64 tensors.
 */
class FidInceptionParityTest {
    static final double TOL = 5e-4;
    static Path dir;
    static SafetensorsFile io;
    static JsonNode meta;
    static FidInceptionV3 model;

    @BeforeAll
    static void load() {
        dir = EvalFixtures.root().resolve("inception");
        io = SafetensorsFile.open(dir.resolve("io.safetensors"));
        meta = EvalFixtures.json(dir.resolve("meta.json"));
        model = FidInceptionV3.load(dir.resolve("pt_inception_fid_random.safetensors.gz"));
    }

    @AfterAll
    static void close() {
        io.close();
    }

    static Tensor batch(String key) {
        List<RgbImage> images = new ArrayList<>();
        for (JsonNode f : meta.get("images").get(key)) images.add(ImageFiles.read(EvalFixtures.root().resolve(f.asText())));
        return ImagePipeline.toTensor().batch(images);
    }

    @Test
    void everyCheckpointKeyIsUsedExceptTheClassifier() {
        assertEquals(meta.get("num_tensors").asInt(), model.stateDict().size() + 2 + 94, "566 = model keys + fc.{weight,bias} + 94 num_batches_tracked");
    }

    @Test
    void decodedInputs() throws Exception {
        for (var e : meta.get("image_decoded_sha256").properties()) {
            RgbImage img = ImageFiles.read(EvalFixtures.root().resolve(e.getKey()));
            assertEquals(e.getValue().asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(img.pixels())), e.getKey());
        }
    }

    @Test
    void moduleActivationsPool3AndLowerDims() {
        check("", batch("batch (pool3, features_*, act_mean.*)"));
    }

    @Test
    void smallInputIsResizedBilinearlyTo299() {
        Tensor x = batch("small batch (small.*)");
        try (NoGrad g = NoGrad.open()) {
            Tensor r = FidInceptionV3.resizeInput(x);
            EvalParity.assertClose("inception resized first 8 rows", r.narrow(2, 0, 8), io, "small.resized_x_first8rows", 1e-6);
            EvalParity.assertClose("inception resized last 8 rows", r.narrow(2, 291, 8), io, "small.resized_x_last8rows", 1e-6);
            Tensor idx = Tensors.fromLongs(java.util.stream.LongStream.range(0, 23).map(i -> i * 13).toArray(), 23);
            EvalParity.assertClose("inception resized stride 13", r.index_select(2, idx).index_select(3, idx), io, "small.resized_x_stride13", 1e-6);
        }
        check("small.", x);
    }

    void check(String prefix, Tensor x) {
        Map<String, Tensor> means = new LinkedHashMap<>();
        try (NoGrad g = NoGrad.open()) {
            Tensor pool3 = model.features(x, 2048, (name, t) -> means.put(name, t.mean(2, 3)));
            EvalParity.assertClose("inception " + prefix + "pool3", pool3, io, prefix + "pool3", TOL);
            for (String name : io.names()) {
                if (!name.startsWith(prefix + "act_mean.")) continue;
                String module = name.substring((prefix + "act_mean.").length());
                if (!means.containsKey(module)) throw new AssertionError("no stage named " + module);
                EvalParity.assertClose("inception " + name, means.get(module), io, name, TOL);
            }
            assertEquals(19, means.size(), "stages observed");
            if (prefix.isEmpty()) {
                for (int dims : List.of(64, 192, 768)) EvalParity.assertClose("inception features_dims" + dims, model.features(x, dims), io, "features_dims" + dims, TOL);
            }
        }
    }

    @Test
    void float64RunMatchesTheFloat64Recomputation() {
        FidInceptionV3 m64 = Float64.convert(FidInceptionV3.load(dir.resolve("pt_inception_fid_random.safetensors.gz")));
        try (NoGrad g = NoGrad.open()) {
            Tensor pool3 = m64.features(batch("batch (pool3, features_*, act_mean.*)").to(ScalarType.Double), 2048);
            Float64.assertClose("inception f64.pool3", Tensors.toDoubles(pool3), io.doubles("f64.pool3"), 1e-9);
            Tensor small = m64.features(batch("small batch (small.*)").to(ScalarType.Double), 2048);
            Float64.assertClose("inception f64.small.pool3", Tensors.toDoubles(small), io.doubles("f64.small.pool3"), 1e-9);
        }
    }
}
