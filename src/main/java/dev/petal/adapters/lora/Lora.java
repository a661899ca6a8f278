package dev.petal.adapters.lora;

import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * LoRA on a model's Linear layers (for Stable Diffusion: the UNet's attention projections), compatible with peft,
 * diffusers and kohya / A1111 / ComfyUI files.
 *
 * <pre>{@code
 * AttachedLora lora = Lora.attach(unet, LoraSpec.of(4, 4));   // train: lora.parameters() → optimizer
 * lora.save(Path.of("out/my_lora.safetensors"), LoraLayout.KOHYA);
 * AttachedLora loaded = Lora.load(Path.of("my_lora.safetensors"), unet);   // layout auto-detected
 * loaded.setScale(0.8);
 * }</pre>
 */
public final class Lora {
    private Lora() {
    }

    /** Freezes the model and wraps every Linear layer the spec targets with a fresh LoRA (= the base output). */
    public static AttachedLora attach(Module model, LoraSpec spec) {
        Map<String, Module> matched = matching(model, spec);
        List<String> notLinear = new ArrayList<>();
        matched.forEach((path, m) -> {
            if (!(m instanceof Linear)) notLinear.add(path + " (" + m.getClass().getSimpleName() + ")");
        });
        if (!notLinear.isEmpty()) {
            throw new IllegalArgumentException(spec.describe() + ": targets that are not Linear layers: " + notLinear);
        }
        if (matched.isEmpty()) throw new IllegalArgumentException(spec.describe() + " matches no layer of the model");
        Map<String, Integer> ranks = new LinkedHashMap<>();
        matched.keySet().forEach(p -> ranks.put(p, spec.rank()));
        return wrapAll(model, ranks, p -> spec.alpha(), Map.of());
    }

    /** Reads a LoRA file or folder (peft, diffusers or kohya layout, detected) and attaches it to the model. */
    public static AttachedLora load(Path path, Module model) {
        LoraWeights w = LoraFile.read(path, model);
        Map<String, Integer> ranks = new LinkedHashMap<>(); // in the model's order
        model.namedModules().keySet().forEach(p -> {
            if (w.modules().containsKey(p)) ranks.put(p, w.modules().get(p).rank());
        });
        AttachedLora lora = wrapAll(model, ranks, p -> w.modules().get(p).alpha(), w.peftConfig());
        try (NoGrad g = NoGrad.open()) {
            lora.modules().forEach((p, l) -> {
                l.down.weight.copy_(w.modules().get(p).down());
                l.up.weight.copy_(w.modules().get(p).up());
            });
        }
        return lora;
    }

    /** The layout of a LoRA file or folder (without a model: keys only). */
    public static LoraLayout detect(Path path) {
        try (SafetensorsFile f = SafetensorsFile.open(LoraFile.weightsFile(path))) {
            return LoraFile.detect(f);
        }
    }

    /** The modules whose path the spec targets, leaving out LoRA modules already attached. */
    static Map<String, Module> matching(Module model, LoraSpec spec) {
        Map<String, Module> out = new LinkedHashMap<>();
        model.namedModules().forEach((path, m) -> {
            boolean insideLora = m instanceof LoraLinear || path.contains("." + LoraLinear.CHILD + ".");
            if (!insideLora && spec.matches(path)) out.put(path, m);
        });
        return out;
    }

    private static AttachedLora wrapAll(Module model, Map<String, Integer> ranks, ToDoubleFunction<String> alpha, Map<String, Object> peftConfig) {
        Map<String, Module> modules = model.namedModules();
        List<String> taken = new ArrayList<>();
        ranks.keySet().forEach(p -> {
            if (((Linear) modules.get(p)).delta() != null) taken.add(p);
        });
        if (!taken.isEmpty()) throw new IllegalStateException("layers already carrying a LoRA (detach it first): " + taken);
        model.freezeAll();
        Map<String, LoraLinear> wrapped = new LinkedHashMap<>();
        ranks.forEach((p, r) -> wrapped.put(p, LoraLinear.wrap((Linear) modules.get(p), r, alpha.applyAsDouble(p))));
        return new AttachedLora(model, wrapped, peftConfig);
    }
}
