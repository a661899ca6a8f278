package dev.petal.adapters;

import dev.petal.models.unet.BasicTransformerBlock;
import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.Module;
import dev.petal.tensor.NoGrad;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches the adapters of an {@link AdapterSpec} to a UNet: one per selected transformer block (token and
 * context positions) or ResBlock (Res positions), registered as the child {@code adapter} of that block so its
 * parameters are named {@code <block path>.adapter.<layer>.<weight|bias>}. Every base weight is frozen.
 */
public final class Adapters {
    public static final String CHILD = "adapter";

    private Adapters() {
    }

    /** The adapters attached to one model, with what is needed to save, scale, disable or remove them. */
    public static final class Attached {
        private final AdapterSpec spec;
        private final UNet2DConditionModel unet;
        private final Map<String, Module> adapters; // block path → adapter
        private final List<AdapterTaps> taps;

        private Attached(AdapterSpec spec, UNet2DConditionModel unet, Map<String, Module> adapters, List<AdapterTaps> taps) {
            this.spec = spec;
            this.unet = unet;
            this.adapters = adapters;
            this.taps = taps;
        }

        public AdapterSpec spec() {
            return spec;
        }

        public int count() {
            return adapters.size();
        }

        public long parameterCount() {
            long n = 0;
            for (Module m : adapters.values()) n += m.parameterCount();
            return n;
        }

        /** Adapter parameters under their full names in the UNet. */
        public Map<String, Tensor> stateDict() {
            Map<String, Tensor> out = new LinkedHashMap<>();
            adapters.forEach((path, m) -> m.stateDict().forEach((n, t) -> out.put(path + "." + CHILD + "." + n, t)));
            return out;
        }

        public List<Tensor> parameters() {
            return new ArrayList<>(stateDict().values());
        }

        public void setEnabled(boolean on) {
            taps.forEach(t -> t.setEnabled(on));
        }

        /** Changes s for sampling (e.g. {@code --adapter-scale 0.8}). */
        public void setScale(double s) {
            for (Module m : adapters.values()) {
                if (m instanceof TokenAdapter t) t.setScale(s);
                else if (m instanceof ResAdapter r) r.setScale(s);
            }
        }

        /** Removes every adapter; the UNet computes exactly as before attaching. */
        public void detach() {
            for (Map.Entry<String, Module> e : unet.namedModules().entrySet()) {
                if (e.getValue() instanceof BasicTransformerBlock b && adapters.containsKey(e.getKey())) {
                    b.setTaps(null);
                    b.detach(CHILD);
                } else if (e.getValue() instanceof ResnetBlock2D r && adapters.containsKey(e.getKey())) {
                    r.setTaps(null);
                    r.detach(CHILD);
                }
            }
        }
    }

    /** Freezes the base UNet and attaches one adapter per selected block. */
    public static Attached attach(UNet2DConditionModel unet, AdapterSpec spec) {
        unet.freezeAll();
        int levels = unet.config.levels();
        boolean zeroUp = spec.init().equals(AdapterSpec.INIT_ZERO_UP);
        Map<String, Module> adapters = new LinkedHashMap<>();
        List<AdapterTaps> taps = new ArrayList<>();
        for (Map.Entry<String, Module> e : unet.namedModules().entrySet()) {
            String path = e.getKey();
            if (!spec.blocks().matches(path, levels)) continue;
            if (spec.input().kind() != Position.Kind.RES && e.getValue() instanceof BasicTransformerBlock block) {
                AdapterTaps t = attachTo(block, spec);
                adapters.put(path, block.child(CHILD));
                taps.add(t);
            } else if (spec.input().kind() == Position.Kind.RES && e.getValue() instanceof ResnetBlock2D res) {
                int in = spec.input() == Position.RES_IN ? res.inChannels : res.outChannels;
                int out = spec.output() == Position.RES_IN ? res.inChannels : res.outChannels;
                ResAdapter a = res.attach(CHILD, new ResAdapter(in, out, spec.rank(), unet.config.normNumGroups(),
                        spec.activation(), spec.scale(), zeroUp));
                AdapterTaps t = new AdapterTaps(spec.input().tap(), spec.output().tap(), a::forward);
                res.setTaps(t);
                adapters.put(path, a);
                taps.add(t);
            }
        }
        if (adapters.isEmpty()) {
            throw new IllegalArgumentException("adapter " + spec.describe() + " selects no block of this UNet (blocks " + spec.blocks() + ")");
        }
        return new Attached(spec, unet, adapters, taps);
    }

    /** Attaches one token/context adapter of {@code spec} to a single transformer block (the base is not frozen here). */
    public static TokenAdapter attachOne(BasicTransformerBlock block, AdapterSpec spec) {
        attachTo(block, spec);
        return (TokenAdapter) block.child(CHILD);
    }

    private static AdapterTaps attachTo(BasicTransformerBlock block, AdapterSpec spec) {
        if (spec.input().kind() == Position.Kind.RES) throw new IllegalArgumentException(spec.describe() + " is a ResBlock adapter");
        int dim = (int) (spec.input().kind() == Position.Kind.CONTEXT ? block.attn2.toK.in : block.norm1.dim);
        TokenAdapter a = block.attach(CHILD, new TokenAdapter(dim, spec.rank(), spec.activation(), spec.scale(),
                spec.init().equals(AdapterSpec.INIT_ZERO_UP)));
        AdapterTaps t = new AdapterTaps(spec.input().tap(), spec.output().tap(), a::forward);
        block.setTaps(t);
        return t;
    }

    static void zero(Module m) {
        try (NoGrad g = NoGrad.open()) {
            m.namedParameters().values().forEach(Tensor::zero_);
        }
    }
}
