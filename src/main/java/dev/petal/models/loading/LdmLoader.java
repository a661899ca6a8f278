package dev.petal.models.loading;

import dev.petal.nn.LoadReport;
import dev.petal.nn.Module;
import dev.petal.nn.StateDictException;
import dev.petal.safetensors.TensorEntry;
import dev.petal.safetensors.TensorSource;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Scope;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Loads models from an original single-file checkpoint through their {@link LdmLayout}s. Everything is checked
 * before anything is copied: every model tensor without a source, every checkpoint tensor nobody uses and every
 * shape that does not fit are reported together, with shapes, in one {@link StateDictException} naming the file.
 * Floating tensors are converted to the model's dtype (fp16/bf16 → fp32); a 1×1-conv weight [O, I, 1, 1] fills
 * a linear [O, I] (and the reverse), the only reshape allowed.
 */
final class LdmLoader {
    private LdmLoader() {
    }

    /** One model and the layout of its tensors in the checkpoint. */
    record Part(String component, Module module, LdmLayout layout) {
    }

    /**
     * @param outsideIgnored null to check only the keys under the parts' scopes (loading one component); else
     *                       keys outside every scope are unexpected unless this accepts them (loading the whole file)
     */
    static void load(TensorSource checkpoint, List<Part> parts, Predicate<String> outsideIgnored) {
        check(checkpoint, parts, outsideIgnored);
        try (NoGrad g = NoGrad.open()) {
            for (Part p : parts) {
                for (Map.Entry<String, Tensor> e : p.module().stateDict().entrySet()) {
                    try (Scope s = Scope.open()) {
                        Tensor target = e.getValue();
                        target.copy_(read(checkpoint, p.layout().source(e.getKey()), target));
                    }
                }
            }
        }
    }

    private static Tensor read(TensorSource checkpoint, LdmSource src, Tensor target) {
        Tensor t = Tensors.load(checkpoint, src.name(), target.scalar_type());
        if (src.isSlice()) {
            long rows = t.size(0) / src.parts();
            t = t.narrow(0, src.part() * rows, rows);
        }
        long[] shape = Tensors.shape(target);
        return Arrays.equals(Tensors.shape(t), shape) ? t : t.reshape(shape);
    }

    private static void check(TensorSource checkpoint, List<Part> parts, Predicate<String> outsideIgnored) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Part p : parts) {
            for (Map.Entry<String, Tensor> e : p.module().stateDict().entrySet()) {
                String what = p.component() + " " + e.getKey() + " " + Tensors.shapeString(e.getValue());
                LdmSource src = p.layout().source(e.getKey());
                if (src == null) {
                    missing.add(what + " (no equivalent in the original layout)");
                    continue;
                }
                used.add(src.name());
                TensorEntry entry = checkpoint.find(src.name());
                if (entry == null) {
                    missing.add(what + " ← " + src);
                } else if (!entry.dtype().isFloatingPoint() || !fits(entry.shape(), src, Tensors.shape(e.getValue()))) {
                    mismatched.add(what + " ← " + src + " " + entry.dtype() + entry.shapeString());
                }
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : checkpoint.names()) {
            if (used.contains(name)) continue;
            Part owner = owner(parts, name);
            boolean skip = owner != null ? owner.layout().ignored(name) : outsideIgnored == null || outsideIgnored.test(name);
            if (!skip) {
                TensorEntry e = checkpoint.entry(name);
                unexpected.add(name + " " + e.dtype() + e.shapeString());
            }
        }
        LoadReport report = new LoadReport(checkpoint.path() + " (original SD single-file layout)", missing, unexpected, mismatched);
        if (!report.isClean()) throw new StateDictException(report);
    }

    /** The part whose scope is the longest prefix of {@code name}, or null. */
    private static Part owner(List<Part> parts, String name) {
        Part best = null;
        for (Part p : parts) {
            String scope = p.layout().scope();
            if (name.startsWith(scope) && (best == null || scope.length() > best.layout().scope().length())) best = p;
        }
        return best;
    }

    /** True when some tensor of {@code checkpoint} is named with {@code prefix}. */
    static boolean hasPrefix(TensorSource checkpoint, String prefix) {
        for (String n : checkpoint.names()) if (n.startsWith(prefix)) return true;
        return false;
    }

    /** The source's shape (after slicing) equals the model's, up to trailing 1×1 dims of a conv weight. */
    static boolean fits(long[] stored, LdmSource src, long[] model) {
        long[] s = stored.clone();
        if (src.isSlice()) {
            if (s.length == 0 || s[0] % src.parts() != 0) return false;
            s[0] /= src.parts();
        }
        if (Arrays.equals(s, model)) return true;
        return s.length >= 2 && model.length >= 2 && Arrays.equals(trimOnes(s), trimOnes(model));
    }

    private static long[] trimOnes(long[] shape) {
        int n = shape.length;
        while (n > 2 && shape[n - 1] == 1) n--;
        return Arrays.copyOf(shape, n);
    }
}
