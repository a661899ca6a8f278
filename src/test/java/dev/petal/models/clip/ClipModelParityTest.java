package dev.petal.models.clip;

import dev.petal.eval.EvalFixtures;
import dev.petal.eval.EvalParity;
import dev.petal.eval.Float64;
import dev.petal.eval.features.FeatureRows;
import dev.petal.eval.metrics.ClipScore;
import dev.petal.eval.metrics.Cosine;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** CLIPModel (vision + text towers, projections, logit scale) against transformers on the eval fixtures' tiny model. */
class ClipModelParityTest {
    static final double TOL = 1e-4;
    static final double F64_TOL = 1e-9;
    static Path dir;
    static SafetensorsFile io;
    static ClipModel model;

    @BeforeAll
    static void load() {
        dir = EvalFixtures.root().resolve("clip");
        io = SafetensorsFile.open(dir.resolve("io.safetensors"));
        model = ClipModel.load(dir.resolve("model"));
    }

    @AfterAll
    static void close() {
        io.close();
    }

    @Test
    void visionTowerHiddenStatesPooledAndEmbeds() {
        try (NoGrad g = NoGrad.open()) {
            var out = model.visionModel.forward(Tensors.load(io, "in.pixel_values"));
            for (int k = 0; k < out.hiddenStates().size(); k++) {
                EvalParity.assertClose("clip vision.hidden_states." + k, out.hiddenStates().get(k), io, "vision.hidden_states." + k, TOL);
            }
            EvalParity.assertClose("clip vision.last_hidden_state", out.lastHiddenState(), io, "vision.last_hidden_state", TOL);
            EvalParity.assertClose("clip vision.pooler_output", out.pooled(), io, "vision.pooler_output", TOL);
            EvalParity.assertClose("clip vision.image_embeds", model.imageEmbeds(Tensors.load(io, "in.pixel_values")), io, "vision.image_embeds", TOL);
        }
    }

    @Test
    void tokenizerFromTheModelFolderGivesTheReferenceIds() {
        var meta = EvalFixtures.json(dir.resolve("meta.json"));
        List<String> prompts = new ArrayList<>();
        meta.get("prompts").forEach(p -> prompts.add(p.asText()));
        var batch = ClipTokenizer.load(dir.resolve("model")).encodeBatch(prompts, 77, ClipTokenizer.Padding.LONGEST);
        assertArrayEquals(io.longs("in.input_ids"), batch.flatInputIds());
        assertArrayEquals(io.longs("in.attention_mask"), batch.flatAttentionMask());
    }

    @Test
    void textTowerHiddenStatesPooledAndEmbeds() {
        try (NoGrad g = NoGrad.open()) {
            Tensor ids = Tensors.load(io, "in.input_ids"), mask = Tensors.load(io, "in.attention_mask");
            var out = model.textModel.forward(ids, mask);
            for (int k = 0; k < out.hiddenStates().size(); k++) {
                EvalParity.assertClose("clip text.hidden_states." + k, out.hiddenStates().get(k), io, "text.hidden_states." + k, TOL);
            }
            EvalParity.assertClose("clip text.last_hidden_state", out.lastHiddenState(), io, "text.last_hidden_state", TOL);
            EvalParity.assertClose("clip text.pooler_output", out.pooled(), io, "text.pooler_output", TOL);
            EvalParity.assertClose("clip text.text_embeds", model.textEmbeds(ids, mask), io, "text.text_embeds", TOL);
            EvalParity.assertClose("clip text_embeds without mask", model.textEmbeds(ids, null), io, "text.text_embeds", TOL);
        }
    }

    @Test
    void logitsCosinesAndClipScores() {
        try (NoGrad g = NoGrad.open()) {
            float[][] img = FeatureRows.of(model.imageEmbeds(Tensors.load(io, "in.pixel_values")));
            float[][] txt = FeatureRows.of(model.textEmbeds(Tensors.load(io, "in.input_ids"), null));
            assertEquals(io.floats("logit_scale")[0], model.logitScale(), 1e-7, "logit_scale weight");
            double[][] cos = Cosine.matrix(img, txt);
            double scale = Math.exp(model.logitScale());
            EvalParity.assertClose("clip cos_image_text", flat(cos, 1), io.floats("cos_image_text"), TOL);
            EvalParity.assertClose("clip logits_per_image", flat(cos, scale), io.floats("logits_per_image"), TOL);
            EvalParity.assertClose("clip logits_per_text", flat(transpose(cos), scale), io.floats("logits_per_text"), TOL);
            EvalParity.assertClose("clip cos_image_image", flat(Cosine.matrix(img, img), 1), io.floats("cos_image_image"), TOL);
            double[][] clamped = new double[cos.length][cos[0].length];
            for (int i = 0; i < cos.length; i++) for (int j = 0; j < cos[0].length; j++) clamped[i][j] = ClipScore.perPair(cos[i][j]);
            EvalParity.assertClose("clip clip_t_100_clamped", flat(clamped, 1), io.floats("clip_t_100_clamped"), TOL);
            var tm = EvalFixtures.json(dir.resolve("meta.json")).get("torchmetrics_clip_score");
            double[] paired = new double[tm.get("pairs").size()];
            for (int p = 0; p < paired.length; p++) paired[p] = cos[tm.get("pairs").get(p).get(0).asInt()][tm.get("pairs").get(p).get(1).asInt()];
            double score = ClipScore.torchmetrics(paired);
            assertEquals(tm.get("value").asDouble(), score, TOL * Math.max(1, Math.abs(score)), "torchmetrics clip_score (clamp after the mean)");
        }
    }

    @Test
    void float64MatchesTheFloat64Recomputation() {
        ClipModel m64 = Float64.convert(ClipModel.load(dir.resolve("model")));
        try (NoGrad g = NoGrad.open()) {
            Tensor img = m64.imageEmbeds(Tensors.load(io, "in.pixel_values").to(ScalarType.Double));
            Tensor txt = m64.textEmbeds(Tensors.load(io, "in.input_ids"), null);
            Float64.assertClose("clip f64.image_embeds", Tensors.toDoubles(img), io.doubles("f64.image_embeds"), F64_TOL);
            Float64.assertClose("clip f64.text_embeds", Tensors.toDoubles(txt), io.doubles("f64.text_embeds"), F64_TOL);
        }
    }

    @Test
    void oneTowerConfigsWithProjectionLoadFromTheFullCheckpoint() {
        try (NoGrad g = NoGrad.open()) {
            ClipModel vision = ClipModel.load(dir.resolve("vision_with_projection_config.json"), dir.resolve("model"));
            ClipModel text = ClipModel.load(dir.resolve("text_with_projection_config.json"), dir.resolve("model"));
            EvalParity.assertClose("clip CLIPVisionModelWithProjection", vision.imageEmbeds(Tensors.load(io, "in.pixel_values")), io, "vision.image_embeds", TOL);
            EvalParity.assertClose("clip CLIPTextModelWithProjection", text.textEmbeds(Tensors.load(io, "in.input_ids"), null), io, "text.text_embeds", TOL);
        }
    }

    static float[] flat(double[][] m, double scale) {
        float[] out = new float[m.length * m[0].length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) out[i * m[0].length + j] = (float) (m[i][j] * scale);
        return out;
    }

    static double[][] transpose(double[][] m) {
        double[][] t = new double[m[0].length][m.length];
        for (int i = 0; i < m.length; i++) for (int j = 0; j < m[0].length; j++) t[j][i] = m[i][j];
        return t;
    }
}
