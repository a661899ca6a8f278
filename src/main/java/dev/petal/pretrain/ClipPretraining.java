package dev.petal.pretrain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.petal.bench.Stats;
import dev.petal.eval.image.ImagePipeline;
import dev.petal.models.clip.ClipModel;
import dev.petal.models.clip.ClipModelConfig;
import dev.petal.models.clip.ClipTokenizer;
import dev.petal.study.StudyDir;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code petal pretrain clip}: a CLIPModel from scratch on the image–caption pairs of every emoji style, with
 * the symmetric InfoNCE loss and a learnable logit scale (capped at 100). Noto and Twemoji share captions, so a
 * batch may hold several images of one caption: those pairs are all positives (the target spreads evenly over
 * them). Images enter as CLIP's image processor gives them at the vision tower's size (rescale, CLIP
 * mean/std), so the evaluator ({@code dev.petal.eval}) sees what training saw.
 *
 * <pre>
 * OUT/clip/           CLIPModel: config.json, model.safetensors, preprocessor_config.json, tokenizer files (the evaluator)
 * OUT/text_encoder/   its text tower as CLIPTextModel: config.json, model.safetensors (the pipeline's text encoder)
 * OUT/eval.json       held-out retrieval accuracy per style, logit scale, parameters, steps, time
 * OUT/loss.jsonl, pretrain.json, checkpoints/
 * </pre>
 */
public final class ClipPretraining {
    private static final double MAX_LOG_SCALE = Math.log(100);

    public record Options(PretrainPreset preset, Path data, Path out, Optim optim, long seed, boolean resume) {
    }

    public record Outcome(Path clipDir, Path textEncoderDir, long parameters, int steps, double seconds, double finalLoss,
                          double logitScale, Map<String, Double> retrieval, double peakRssMiB) {
    }

    private ClipPretraining() {
    }

    public static Outcome run(Options o, PretrainLoop.Listener listener) {
        ObjectNode config = o.preset().clip().configJson();
        ClipModelConfig cc = ModelFiles.viaFile(config, ClipModelConfig::load);
        if (cc.text() == null || cc.vision() == null) throw new IllegalArgumentException("the CLIP preset needs text_config and vision_config");
        int res = cc.vision().imageSize();
        ImagePool train = ImagePool.open(ImagePool.emojiFolders(o.data(), VaePretraining.STYLES, "train"), res);
        ImagePool[] test = new ImagePool[VaePretraining.STYLES.size()];
        for (int s = 0; s < test.length; s++) {
            test[s] = ImagePool.open(ImagePool.emojiFolders(o.data(), List.of(VaePretraining.STYLES.get(s)), "test"), res);
        }
        ClipTokenizer tokenizer = ClipTokenizer.bundled();

        Torch.seed(o.seed());
        ClipModel clip = new ClipModel(cc);
        ClipInit.apply(clip, config.path("logit_scale_init_value").asDouble(2.6592));
        clip.train(true);
        Tensor logScale = clip.namedParameters().get("logit_scale");
        RunConfig cfg = new RunConfig("clip", o.preset().name(), config, o.optim(), o.seed(), o.data().toString(), Map.of());
        int batch = o.optim().batchSize();
        PretrainLoop.Result r = new PretrainLoop(cfg, clip.namedParameters(), o.out()).run(o.resume(), step -> {
            int[] idx = train.batch(o.seed(), step, batch, false).indices();
            List<String> captions = new ArrayList<>();
            for (int i : idx) captions.add(train.caption(i));
            Tensor img = normalize(clip.imageEmbeds(pixels(train, idx)));
            Tensor txt = normalize(textEmbeds(clip, tokenizer, captions));
            Tensor scale = torch.clamp(logScale, new ScalarOptional(), new ScalarOptional(new Scalar(MAX_LOG_SCALE))).exp();
            Tensor logits = img.matmul(txt.t()).mul(scale);
            Tensor target = sameCaption(captions);
            Tensor loss = softCrossEntropy(logits, target).add(softCrossEntropy(logits.t(), target)).div(new Scalar(2.0));
            return new PretrainLoop.Loss(loss, Map.of("logit_scale", scale.detach()));
        }, listener);
        clip.train(false);

        Path clipDir = o.out().resolve("clip"), textDir = o.out().resolve("text_encoder");
        String dtype = o.preset().weightsDtype();
        ModelFiles.writeComponent(clipDir, config, ModelFiles.TRANSFORMERS_WEIGHTS, clip.stateDict(), dtype);
        ModelFiles.writeJson(clipDir.resolve("preprocessor_config.json"), preprocessorConfig(res));
        ModelFiles.writeTokenizer(clipDir);
        Map<String, Tensor> textState = new LinkedHashMap<>();
        clip.textModel.stateDict().forEach((k, t) -> textState.put("text_model." + k, t));
        ModelFiles.writeComponent(textDir, textEncoderConfig(config), ModelFiles.TRANSFORMERS_WEIGHTS, textState, dtype);

        ClipModel saved = ClipModel.load(clipDir); // evaluate what was written
        Map<String, Double> retrieval = new LinkedHashMap<>();
        for (int s = 0; s < test.length; s++) {
            double[] acc = retrieval(saved, tokenizer, test[s]);
            retrieval.put(VaePretraining.STYLES.get(s) + "_image_to_text_top1", acc[0]);
            retrieval.put(VaePretraining.STYLES.get(s) + "_text_to_image_top1", acc[1]);
        }
        double finalScale = Math.exp(Math.min(saved.logitScale(), MAX_LOG_SCALE));
        Outcome out = new Outcome(clipDir, textDir, clip.parameterCount(), r.steps(), r.seconds(), r.finalLoss(), finalScale, retrieval,
                Stats.peakRssMiB());
        writeEval(o.out(), out, r);
        return out;
    }

    /** Pool images ([−1, 1]) → CLIP pixel values: (x/2 + ½ − mean) / std per channel. */
    static Tensor pixels(ImagePool pool, int[] idx) {
        Tensor x = pool.images(idx, null).add(new Scalar(1.0)).div(new Scalar(2.0));
        Tensor mean = Tensors.fromFloats(ImagePipeline.CLIP_MEAN, 1, 3, 1, 1), std = Tensors.fromFloats(ImagePipeline.CLIP_STD, 1, 3, 1, 1);
        return x.sub(mean).div(std);
    }

    /** get_text_features, ids padded to the batch's longest caption (causal attention: pooling is unaffected). */
    static Tensor textEmbeds(ClipModel clip, ClipTokenizer tokenizer, List<String> captions) {
        var b = tokenizer.encodeBatch(captions, tokenizer.modelMaxLength(), ClipTokenizer.Padding.LONGEST);
        return clip.textEmbeds(Tensors.fromLongs(b.flatInputIds(), captions.size(), b.inputIds()[0].length), null);
    }

    static Tensor normalize(Tensor x) {
        return x.div(x.norm(new ScalarOptional(new Scalar(2.0)), new long[]{1}, true));
    }

    /** Row-normalised [B, B] matrix: 1/k where captions i and j are equal (k = how many equal caption i). */
    static Tensor sameCaption(List<String> captions) {
        int n = captions.size();
        float[] t = new float[n * n];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < n; j++) if (captions.get(i).equals(captions.get(j))) k++;
            for (int j = 0; j < n; j++) if (captions.get(i).equals(captions.get(j))) t[i * n + j] = 1f / k;
        }
        return Tensors.fromFloats(t, n, n);
    }

    static Tensor softCrossEntropy(Tensor logits, Tensor target) {
        return target.mul(torch.log_softmax(logits, 1)).sum(new long[]{1}, false, null).mean().neg();
    }

    /**
     * Held-out retrieval among a set's distinct captions: the fraction of images whose most similar caption is
     * their own, and of captions whose most similar image carries them.
     */
    static double[] retrieval(ClipModel clip, ClipTokenizer tokenizer, ImagePool pool) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(captions(pool)));
        try (NoGrad g = NoGrad.open(); Scope s = Scope.open()) {
            List<Tensor> rows = new ArrayList<>();
            for (int i = 0; i < pool.size(); i += 64) {
                int[] idx = new int[Math.min(64, pool.size() - i)];
                for (int k = 0; k < idx.length; k++) idx[k] = i + k;
                rows.add(normalize(clip.imageEmbeds(pixels(pool, idx))));
            }
            Tensor img = torch.cat(new org.bytedeco.pytorch.TensorVector(rows.toArray(new Tensor[0])), 0);
            Tensor txt = normalize(textEmbeds(clip, tokenizer, distinct));
            Tensor sim = img.matmul(txt.t()); // [images, captions]
            long[] bestCaption = Tensors.toLongs(sim.argmax(new LongOptional(1), false));
            long[] bestImage = Tensors.toLongs(sim.argmax(new LongOptional(0), false));
            int imageHits = 0, textHits = 0;
            for (int i = 0; i < pool.size(); i++) if (distinct.get((int) bestCaption[i]).equals(pool.caption(i))) imageHits++;
            for (int j = 0; j < distinct.size(); j++) if (pool.caption((int) bestImage[j]).equals(distinct.get(j))) textHits++;
            return new double[]{(double) imageHits / pool.size(), (double) textHits / distinct.size()};
        }
    }

    private static List<String> captions(ImagePool pool) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) out.add(pool.caption(i));
        return out;
    }

    /** The text tower's config as a CLIPTextModel folder's config.json. */
    static ObjectNode textEncoderConfig(ObjectNode clipConfig) {
        ObjectNode t = ((ObjectNode) clipConfig.get("text_config")).deepCopy();
        ArrayNode arch = t.putArray("architectures");
        arch.add("CLIPTextModel");
        t.put("model_type", "clip_text_model");
        return t;
    }

    /** CLIPImageProcessor at the vision tower's size: bicubic resize of the shortest edge, center crop, CLIP mean/std. */
    static ObjectNode preprocessorConfig(int size) {
        ObjectNode p = ModelFiles.JSON.createObjectNode();
        p.putObject("crop_size").put("height", size).put("width", size);
        p.put("do_center_crop", true).put("do_convert_rgb", true).put("do_normalize", true).put("do_rescale", true).put("do_resize", true);
        ArrayNode mean = p.putArray("image_mean"), std = p.putArray("image_std");
        for (int c = 0; c < 3; c++) {
            mean.add(ImagePipeline.CLIP_MEAN[c]);
            std.add(ImagePipeline.CLIP_STD[c]);
        }
        p.put("image_processor_type", "CLIPImageProcessor").put("resample", 3).put("rescale_factor", 1 / 255.0);
        p.putObject("size").put("shortest_edge", size);
        return p;
    }

    private static void writeEval(Path out, Outcome o, PretrainLoop.Result r) {
        ObjectNode j = ModelFiles.JSON.createObjectNode();
        j.put("stage", "clip");
        j.put("parameters", o.parameters());
        j.put("steps", o.steps());
        j.put("seconds_this_session", o.seconds());
        j.put("resumed_from_step", r.startStep());
        j.put("final_loss", o.finalLoss());
        j.put("logit_scale", o.logitScale());
        ObjectNode ret = j.putObject("retrieval_test");
        o.retrieval().forEach(ret::put);
        j.put("peak_rss_mib", o.peakRssMiB());
        StudyDir.writeAtomically(out.resolve("eval.json"), j.toPrettyString() + "\n");
    }
}
