package dev.petal.cli;

import dev.petal.adapters.AdapterFile;
import dev.petal.adapters.Adapters;
import dev.petal.adapters.lora.AttachedLora;
import dev.petal.adapters.lora.Lora;
import dev.petal.images.Images;
import dev.petal.models.loading.LoadOptions;
import dev.petal.pipeline.StableDiffusion;
import dev.petal.pipeline.TextToImage;
import dev.petal.schedulers.Samplers;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code petal generate}: text-to-image with a Stable Diffusion model, optionally with a trained adapter. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate images from text prompts.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "a diffusers pipeline folder (model_index.json, unet/, vae/, …) or an original single-file SD 1.x/2.x .safetensors")
    Path model;
    @Option(names = "--prediction-type", description = "single-file checkpoints: epsilon or v_prediction (default: by SD version)")
    String predictionType;
    @Option(names = "--variant", description = "weight file variant, e.g. fp16")
    String variant;
    @Option(names = "--prompt", required = true, description = "the prompt (repeat for several)")
    List<String> prompts;
    @Option(names = "--negative", description = "negative prompt (one for all, or one per prompt)")
    List<String> negatives;
    @Option(names = {"-n", "--num-images"}, defaultValue = "1", description = "images per prompt (default: ${DEFAULT-VALUE})")
    int perPrompt;
    @Option(names = "--steps", defaultValue = "25", description = "sampling steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--cfg", defaultValue = "7", description = "classifier-free guidance scale (default: ${DEFAULT-VALUE})")
    double cfg;
    @Option(names = "--sampler", defaultValue = "dpmpp-2m", description = "dpmpp-2m, dpmpp-2m-karras, dpmpp-3m, ddim, euler, pndm, ddpm (default: ${DEFAULT-VALUE})")
    String sampler;
    @Option(names = "--seed", defaultValue = "42", description = "random seed; the same seed gives the same images (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--width", description = "image width in pixels (default: the model's sample size)")
    Integer width;
    @Option(names = "--height", description = "image height in pixels (default: the model's sample size)")
    Integer height;
    @Option(names = "--clip-skip", defaultValue = "0", description = "use an earlier text-encoder layer (default: ${DEFAULT-VALUE})")
    int clipSkip;
    @Option(names = "--adapter", description = "a Petal adapter file trained on this model")
    Path adapter;
    @Option(names = "--adapter-scale", description = "override the adapter's scale s")
    Double adapterScale;
    @Option(names = "--lora", description = "a LoRA file (peft folder, diffusers or kohya/A1111 .safetensors)")
    Path lora;
    @Option(names = "--lora-scale", description = "LoRA strength (default 1)")
    Double loraScale;
    @Option(names = "--device", defaultValue = "auto", description = "cpu, cuda, cuda:N or auto (default: ${DEFAULT-VALUE})")
    String device;
    @Option(names = "--out", defaultValue = "runs/generate", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Samplers.NAMES.contains(sampler)) throw new IllegalArgumentException("unknown --sampler '" + sampler + "' (valid: " + Samplers.NAMES + ")");
        var err = spec.commandLine().getErr();
        LoadOptions single = LoadOptions.defaults();
        if (predictionType != null) single = single.withPredictionType(predictionType);
        StableDiffusion sd = StableDiffusion.open(model, variant, single).to(dev.petal.tensor.Devices.parse(device));
        if (adapter != null) {
            Adapters.Attached a = AdapterFile.load(adapter, sd.unet());
            if (adapterScale != null) a.setScale(adapterScale);
            err.println("adapter " + a.spec().describe() + (adapterScale != null ? " at scale " + adapterScale : "") + ", " + a.parameterCount() + " parameters");
        }
        if (lora != null) {
            AttachedLora l = Lora.load(lora, sd.unet());
            if (loraScale != null) l.setScale(loraScale);
            l.merge(); // sampling then costs the same as the base model
            err.println(l.describe());
        }
        int size = sd.unet().config.sampleSize() * sd.vaeScale();
        List<String> all = new ArrayList<>();
        List<String> neg = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            for (int k = 0; k < perPrompt; k++) {
                all.add(prompts.get(p));
                if (negatives != null && !negatives.isEmpty()) neg.add(negatives.size() == 1 ? negatives.get(0) : negatives.get(p));
            }
        }
        var req = new TextToImage.Request(all, neg.isEmpty() ? Collections.emptyList() : neg, steps, cfg, sampler, seed,
                width != null ? width : size, height != null ? height : size, clipSkip);
        Tensor images;
        long t0 = System.nanoTime();
        try (Progress bar = new Progress("generate", steps, "step")) {
            images = TextToImage.generate(sd, req, (i, raw, x) -> bar.stepTo(i + 1));
        }
        List<BufferedImage> pics = new ArrayList<>();
        List<Tensor> split = TextToImage.split(images);
        for (int i = 0; i < split.size(); i++) {
            BufferedImage img = Images.toImage(split.get(i));
            pics.add(img);
            Images.writePng(img, out.resolve(String.format("%d-%03d.png", seed, i)));
        }
        if (pics.size() > 1) Images.writePng(Images.grid(pics, perPrompt > 1 ? perPrompt : Math.min(4, pics.size())), out.resolve(seed + "-grid.png"));
        spec.commandLine().getOut().printf("%d image(s) in %.1f s → %s%n", pics.size(), (System.nanoTime() - t0) / 1e9, out.toAbsolutePath());
        return 0;
    }
}
