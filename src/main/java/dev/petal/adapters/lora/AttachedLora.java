package dev.petal.adapters.lora;

import dev.petal.nn.Module;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LoRA modules attached to one model (from {@link Lora#attach} or {@link Lora#load}): their parameters for
 * an optimizer, the runtime scale, enabling, merging into the base weights, saving and removal.
 */
public final class AttachedLora {
    private final Module model;
    private final Map<String, LoraLinear> modules; // wrapped Linear path → its LoRA
    private final Map<String, Object> peftConfig;  // LoraConfig fields of the file it came from, kept when saving
    private double scale = 1.0;
    private boolean enabled = true;
    private boolean detached;

    AttachedLora(Module model, Map<String, LoraLinear> modules, Map<String, Object> peftConfig) {
        this.model = model;
        this.modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        this.peftConfig = Collections.unmodifiableMap(new LinkedHashMap<>(peftConfig)); // JSON nulls included
    }

    /** Wrapped layer path (e.g. {@code mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0}) → its LoRA. */
    public Map<String, LoraLinear> modules() {
        return modules;
    }

    public int count() {
        return modules.size();
    }

    /** Every A and B (the trainable parameters; the base is frozen). */
    public List<Tensor> parameters() {
        return new ArrayList<>(stateDict().values());
    }

    public long parameterCount() {
        long n = 0;
        for (LoraLinear l : modules.values()) n += l.parameterCount();
        return n;
    }

    /** The parameters under peft's names: {@code <layer path>.lora_A.weight} / {@code .lora_B.weight}. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        modules.forEach((path, l) -> {
            out.put(path + ".lora_A.weight", l.down.weight);
            out.put(path + ".lora_B.weight", l.up.weight);
        });
        return out;
    }

    /** A summary: the most common rank and alpha, and the target names. */
    public LoraSpec spec() {
        List<LoraLinear> all = List.copyOf(modules.values());
        return new LoraSpec(PeftConfig.mostCommon(all, l -> l.rank), PeftConfig.mostCommon(all, l -> l.alpha), targets());
    }

    /** "LoRA r=2 alpha=6 on [to_v, to_k, to_out.0, to_q]: 32 layers, 6,912 parameters". */
    public String describe() {
        return spec().describe() + ": " + count() + " layers, " + String.format("%,d", parameterCount()) + " parameters";
    }

    public double scale() {
        return scale;
    }

    /** Multiplies every ΔW by s (diffusers' {@code cross_attention_kwargs={"scale": s}}); 0 gives the base. */
    public void setScale(double s) {
        live();
        modules.values().forEach(l -> l.setScale(s));
        scale = s;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Disabled, the model computes exactly the base (a merged LoRA is unmerged first). */
    public void setEnabled(boolean on) {
        live();
        modules.values().forEach(l -> l.setEnabled(on));
        enabled = on;
    }

    /** Folds s · alpha / r · B @ A into every base weight: sampling then costs what the base costs. */
    public void merge() {
        live();
        modules.values().forEach(LoraLinear::merge);
        enabled = true;
    }

    public void unmerge() {
        live();
        modules.values().forEach(LoraLinear::unmerge);
    }

    public boolean isMerged() {
        return modules.values().stream().anyMatch(LoraLinear::isMerged);
    }

    /** Removes every LoRA (unmerging first): the model computes as before attaching. */
    public void detach() {
        if (detached) return;
        modules.values().forEach(LoraLinear::unwrap);
        detached = true;
    }

    /**
     * Saves in {@code layout}: peft into a folder, diffusers to a file or {@code pytorch_lora_weights.safetensors}
     * in a folder, kohya to a .safetensors file. The file stores alpha, not the runtime scale. Returns the path written.
     */
    public Path save(Path path, LoraLayout layout) {
        return save(path, layout, Map.of());
    }

    /** As {@link #save(Path, LoraLayout)}, with extra safetensors metadata (e.g. {@code petal.training}: the run's settings). */
    public Path save(Path path, LoraLayout layout, Map<String, String> metadata) {
        return LoraFile.write(path, weights(), targets(), layout, metadata);
    }

    LoraWeights weights() {
        Map<String, LoraWeights.Entry> m = new LinkedHashMap<>();
        modules.forEach((path, l) -> m.put(path, new LoraWeights.Entry(l.down.weight, l.up.weight, l.alpha)));
        return new LoraWeights(m, peftConfig);
    }

    /**
     * peft's {@code target_modules} for these layers: their short names ({@code to_q}, {@code to_out.0}) when those
     * select exactly these layers of the model, else the full paths.
     */
    List<String> targets() {
        Set<String> names = new LinkedHashSet<>();
        modules.keySet().forEach(p -> names.add(shortName(p)));
        LoraSpec bySuffix = new LoraSpec(1, 1, List.copyOf(names));
        Set<String> selected = Lora.matching(model, bySuffix).keySet();
        return selected.equals(modules.keySet()) ? List.copyOf(names) : List.copyOf(modules.keySet());
    }

    /** The last path segment, or the last two when the last is an index ({@code to_out.0}). */
    static String shortName(String path) {
        String[] parts = path.split("\\.");
        String last = parts[parts.length - 1];
        return parts.length > 1 && last.chars().allMatch(Character::isDigit) ? parts[parts.length - 2] + "." + last : last;
    }

    private void live() {
        if (detached) throw new IllegalStateException("the LoRA was detached");
    }
}
