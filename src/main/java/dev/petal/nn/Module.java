package dev.petal.nn;

import dev.petal.safetensors.TensorSource;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A node of the model tree, named like PyTorch: parameters and children registered under a local name give
 * dotted paths ({@code down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight}) identical to
 * diffusers' state-dict keys, so checkpoints load without a mapping table.
 *
 * <p>The forward computation lives in the subclasses, as plain methods with the signature that suits them.
 * Create modules outside any {@link dev.petal.tensor.Scope}: parameters must outlive the step scopes.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    protected Module() {
        Torch.init();
    }

    // ---- registration -------------------------------------------------------------------------------

    /** Registers a trainable parameter (a leaf tensor with requires_grad) under a local name. */
    protected Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        Tensor p = value.detach().requires_grad_(true);
        parameters.put(name, p);
        return p;
    }

    /** Registers a non-trainable tensor that is part of the state dict. */
    protected Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** Adds a child from outside (as PyTorch's add_module): how adapters join a model's tree. */
    public <M extends Module> M attach(String name, M module) {
        return registerModule(name, module);
    }

    /** Removes a child added with {@link #attach}; returns it, or null when absent. */
    public Module detach(String name) {
        return children.remove(name);
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) throw new IllegalArgumentException("invalid module member name '" + name + "'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    // ---- traversal ----------------------------------------------------------------------------------

    /** Every parameter under its full dotted name, in registration order (as PyTorch's named_parameters()). */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.parameters.forEach((n, t) -> out.put(prefix + n, t)));
        return out;
    }

    /** Parameters and buffers: what a checkpoint stores. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> {
            m.parameters.forEach((n, t) -> out.put(prefix + n, t));
            m.buffers.forEach((n, t) -> out.put(prefix + n, t));
        });
        return out;
    }

    /** Every module (this one as "") under its dotted name. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    public Module child(String name) {
        return children.get(name);
    }

    private void visit(String prefix, BiConsumer<String, Module> action) {
        action.accept(prefix, this);
        children.forEach((n, c) -> c.visit(prefix + n + ".", action));
    }

    public List<Tensor> trainableParameters() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : namedParameters().values()) if (t.requires_grad()) out.add(t);
        return out;
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : namedParameters().values()) n += t.numel();
        return n;
    }

    public long trainableParameterCount() {
        long n = 0;
        for (Tensor t : trainableParameters()) n += t.numel();
        return n;
    }

    // ---- freezing and modes -------------------------------------------------------------------------

    /** Freezes (or unfreezes) every parameter whose dotted name matches the glob ({@code *} spans dots). */
    public int setRequiresGrad(String glob, boolean requiresGrad) {
        NamePattern pattern = NamePattern.glob(glob);
        int n = 0;
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            if (pattern.matches(e.getKey())) {
                e.getValue().requires_grad_(requiresGrad);
                n++;
            }
        }
        return n;
    }

    public int freeze(String glob) {
        return setRequiresGrad(glob, false);
    }

    public int unfreeze(String glob) {
        return setRequiresGrad(glob, true);
    }

    public void freezeAll() {
        freeze("*");
    }

    public boolean isTraining() {
        return training;
    }

    public Module train(boolean on) {
        visit("", (p, m) -> m.training = on);
        return this;
    }

    public Module eval() {
        return train(false);
    }

    /**
     * Moves (and converts floating) parameters and buffers in place, like PyTorch's {@code module.to()}: each
     * tensor keeps its identity ({@code set_data}), so fields such as {@code Linear.weight} and optimizers that
     * hold the tensors see the moved values.
     */
    public Module to(Device device, ScalarType floatType) {
        try (NoGrad g = NoGrad.open()) {
            visit("", (p, m) -> {
                m.parameters.values().forEach(t -> t.set_data(convert(t, device, floatType)));
                m.buffers.values().forEach(t -> t.set_data(convert(t, device, floatType)));
            });
        }
        return this;
    }

    private static Tensor convert(Tensor t, Device device, ScalarType floatType) {
        ScalarType target = t.is_floating_point() && floatType != null ? floatType : t.scalar_type();
        return t.to(device, target).detach();
    }

    // ---- state dicts --------------------------------------------------------------------------------

    /** Loads from a checkpoint (converting fp16/bf16 to this model's dtype). */
    public LoadReport loadStateDict(TensorSource source, boolean strict) {
        return loadStateDict(source, "", strict);
    }

    /** Loads the tensors of {@code source} whose names start with {@code prefix} (stripped). */
    public LoadReport loadStateDict(TensorSource source, String prefix, boolean strict) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String n : source.names()) if (n.startsWith(prefix)) shapes.put(n.substring(prefix.length()), source.entry(n).shape());
        return load(shapes, strict, source.path().toString(),
                (name, target) -> Tensors.load(source, prefix + name, target.scalar_type()));
    }

    /** Loads from in-memory tensors. */
    public LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        state.forEach((n, t) -> shapes.put(n, Tensors.shape(t)));
        return load(shapes, strict, "state dict", (name, target) -> state.get(name));
    }

    private interface Fetch {
        Tensor get(String name, Tensor target);
    }

    private LoadReport load(Map<String, long[]> available, boolean strict, String origin, Fetch fetch) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Set<String> unexpected = new LinkedHashSet<>(available.keySet());
        unexpected.removeAll(own.keySet());
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            long[] shape = available.get(e.getKey());
            if (shape == null) missing.add(e.getKey());
            else if (!Arrays.equals(shape, Tensors.shape(e.getValue()))) {
                mismatched.add(e.getKey() + ": checkpoint " + Arrays.toString(shape) + " vs model " + Tensors.shapeString(e.getValue()));
            }
        }
        LoadReport report = new LoadReport(origin, missing, List.copyOf(unexpected), mismatched);
        if (!mismatched.isEmpty() || (strict && !report.isClean())) throw new StateDictException(report);
        try (NoGrad g = NoGrad.open()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                if (!available.containsKey(e.getKey())) continue;
                e.getValue().copy_(fetch.get(e.getKey(), e.getValue()));
            }
        }
        return report;
    }
}
