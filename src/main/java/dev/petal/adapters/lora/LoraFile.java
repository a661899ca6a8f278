package dev.petal.adapters.lora;

import dev.petal.adapters.lora.LoraFileException.Kind;
import dev.petal.adapters.lora.LoraFileException.Problems;
import dev.petal.adapters.lora.LoraLayout.Role;
import dev.petal.nn.Linear;
import dev.petal.nn.Module;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.safetensors.SafetensorsWriter;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reading and writing LoRA files in the peft, diffusers and kohya layouts ({@link LoraLayout}). Reading checks the
 * whole file against the model before loading anything and reports every problem in one
 * {@link LoraFileException}.
 *
 * <p>Alpha: peft from adapter_config.json (required); diffusers from {@code __metadata__["lora_adapter_metadata"]},
 * and without it alpha = r as diffusers assumes (the rank of the first module, for every module); kohya from
 * each module's 0-d {@code .alpha}, and without it alpha = r (kohya, A1111 and diffusers all read it so).
 */
final class LoraFile {
    static final String PEFT_CONFIG = "adapter_config.json";
    static final String DIFFUSERS_METADATA = "lora_adapter_metadata";
    private static final String DIFFUSERS_PREFIX = "unet.";

    private LoraFile() {
    }

    // ---- reading ------------------------------------------------------------------------------------

    /** The safetensors file behind a path: the file itself, or in a folder the peft / diffusers file or the only one. */
    static Path weightsFile(Path path) {
        if (!Files.isDirectory(path)) return path;
        for (LoraLayout l : LoraLayout.values()) {
            if (l.fileName != null && Files.isRegularFile(path.resolve(l.fileName))) return path.resolve(l.fileName);
        }
        try (Stream<Path> s = Files.list(path)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (files.size() == 1) return files.get(0);
            throw new LoraFileException(path, "expected adapter_model.safetensors, pytorch_lora_weights.safetensors or a single "
                    + ".safetensors file in the folder, found " + files.stream().map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LoraLayout detect(SafetensorsFile f) {
        LoraLayout layout = LoraLayout.detect(f.names());
        if (layout == null) {
            throw new LoraFileException(f.path(), "not a LoRA file: no peft (…lora_A.weight), diffusers (unet.…) or kohya "
                    + "(lora_unet_…) keys; first keys: " + f.names().subList(0, Math.min(5, f.names().size())));
        }
        return layout;
    }

    /** Reads a LoRA file (any layout) for {@code model}, checking every key, shape and alpha first. */
    static LoraWeights read(Path path, Module model) {
        try (SafetensorsFile f = SafetensorsFile.open(weightsFile(path))) {
            LoraLayout layout = detect(f);
            Problems p = new Problems(f.path(), layout);
            Map<String, Object> config = config(layout, f, p);
            Map<String, Linear> linears = new HashMap<>();
            Map<String, String[]> groups = group(layout, f, model, linears, p);
            Map<String, Double> alphas = new LinkedHashMap<>(); // NaN: the layout's fallback
            for (Map.Entry<String, String[]> g : groups.entrySet()) {
                int rank = check(f, g.getKey(), g.getValue(), linears.get(g.getKey()), p);
                if (rank > 0) alphas.put(g.getKey(), alpha(layout, config, f, g.getKey(), g.getValue(), rank, p));
            }
            if (groups.isEmpty() && p.isEmpty()) p.add(Kind.NOT_LORA, "(no LoRA modules in the file)");
            p.throwIfAny();
            double fallback = f.entry(groups.values().iterator().next()[Role.DOWN.ordinal()]).shape()[0]; // diffusers: the first module's r
            Map<String, LoraWeights.Entry> entries = new LinkedHashMap<>();
            alphas.forEach((module, alpha) -> {
                String[] keys = groups.get(module);
                entries.put(module, new LoraWeights.Entry(Tensors.load(f, keys[Role.DOWN.ordinal()], ScalarType.Float),
                        Tensors.load(f, keys[Role.UP.ordinal()], ScalarType.Float), Double.isNaN(alpha) ? fallback : alpha));
            });
            return new LoraWeights(entries, config == null ? Map.of() : config);
        }
    }

    /** peft: adapter_config.json next to the file; diffusers: the metadata's {@code unet.} fields; else null. */
    private static Map<String, Object> config(LoraLayout layout, SafetensorsFile f, Problems p) {
        String source;
        Map<String, Object> cfg = new LinkedHashMap<>();
        if (layout == LoraLayout.PEFT) {
            Path file = f.path().resolveSibling(PEFT_CONFIG);
            source = file.toString();
            if (!Files.isRegularFile(file)) {
                p.add(Kind.ALPHA, "no " + PEFT_CONFIG + " next to the weights (peft keeps lora_alpha there)");
                return null;
            }
            try {
                cfg = PyJson.parseObject(Files.readString(file));
            } catch (IOException | IllegalArgumentException e) {
                throw new LoraFileException(file, e.getMessage());
            }
        } else if (layout == LoraLayout.DIFFUSERS && f.metadata().containsKey(DIFFUSERS_METADATA)) {
            source = "__metadata__ " + DIFFUSERS_METADATA;
            Map<String, Object> all;
            try {
                all = PyJson.parseObject(f.metadata().get(DIFFUSERS_METADATA));
            } catch (IllegalArgumentException e) {
                throw new LoraFileException(f.path(), source + ": " + e.getMessage());
            }
            for (Map.Entry<String, Object> e : all.entrySet()) {
                if (e.getKey().startsWith(DIFFUSERS_PREFIX)) cfg.put(e.getKey().substring(DIFFUSERS_PREFIX.length()), e.getValue());
            }
            if (cfg.isEmpty()) return null;
        } else {
            return null;
        }
        PeftConfig.check(cfg, source, p);
        return cfg;
    }

    /** Sorts the keys by module path (sorted) into [down, up, alpha]; the rest become problems. */
    private static Map<String, String[]> group(LoraLayout layout, SafetensorsFile f, Module model, Map<String, Linear> linears, Problems p) {
        Map<String, Module> modules = model.namedModules();
        Map<String, String> byName = new HashMap<>();
        modules.keySet().forEach(path -> byName.putIfAbsent(layout.encode(path), path));
        Map<String, String[]> groups = new TreeMap<>();
        for (String key : f.names()) {
            LoraLayout.Key k = layout.parse(key);
            String path = k == null ? null : byName.get(k.module());
            if (layout.isTextEncoderKey(key)) p.add(Kind.TEXT_ENCODER, key);
            else if (k == null) p.add(Kind.NOT_LORA, key);
            else if (path == null || path.isEmpty()) p.add(Kind.UNKNOWN_MODULE, key);
            else if (!(modules.get(path) instanceof Linear lin)) p.add(Kind.NOT_LINEAR, key + " (" + modules.get(path).getClass().getSimpleName() + ")");
            else {
                linears.put(path, lin);
                groups.computeIfAbsent(path, x -> new String[Role.values().length])[k.role().ordinal()] = key;
            }
        }
        return groups;
    }

    /** The rank of a complete module with A [r, in] and B [out, r] fitting the layer, or 0 after adding a problem. */
    private static int check(SafetensorsFile f, String module, String[] keys, Linear lin, Problems p) {
        String down = keys[Role.DOWN.ordinal()], up = keys[Role.UP.ordinal()];
        if (down == null || up == null) {
            p.add(Kind.INCOMPLETE, module + ": " + (down == null ? "no A (down) tensor" : "no B (up) tensor") + " beside "
                    + Arrays.stream(keys).filter(k -> k != null).toList());
            return 0;
        }
        long[] a = f.entry(down).shape(), b = f.entry(up).shape();
        boolean fits = a.length == 2 && b.length == 2 && a[0] > 0 && a[1] == lin.in && b[0] == lin.out && b[1] == a[0];
        if (!fits) {
            p.add(Kind.SHAPE, down + " " + Arrays.toString(a) + ", " + up + " " + Arrays.toString(b)
                    + ": expected [r, " + lin.in + "] and [" + lin.out + ", r]");
            return 0;
        }
        return (int) a[0];
    }

    /** The module's alpha, NaN for "the layout's fallback" (diffusers without metadata). */
    private static double alpha(LoraLayout layout, Map<String, Object> config, SafetensorsFile f, String module, String[] keys,
                                int rank, Problems p) {
        String alphaKey = keys[Role.ALPHA.ordinal()];
        if (layout.hasAlphaTensors()) {
            if (alphaKey == null) return rank;
            if (f.entry(alphaKey).numel() != 1 || !f.entry(alphaKey).dtype().isFloatingPoint()) {
                p.add(Kind.ALPHA, alphaKey + ": " + f.entry(alphaKey).dtype() + " " + f.entry(alphaKey).shapeString() + ", expected a float scalar");
                return 0;
            }
            double a = f.doubles(alphaKey)[0];
            if (!(a > 0) || Double.isInfinite(a)) p.add(Kind.ALPHA, alphaKey + " = " + a + ", expected a positive number");
            return a;
        }
        if (config == null) return Double.NaN;
        if (!(config.get("lora_alpha") instanceof Number)) return 0; // already reported
        return PeftConfig.alpha(config, module, rank, keys[Role.DOWN.ordinal()], p);
    }

    // ---- writing ------------------------------------------------------------------------------------

    /**
     * Writes {@code w} in {@code layout}: peft into the folder {@code path} (a path ending in .safetensors means
     * its folder), diffusers to the file, or to {@code pytorch_lora_weights.safetensors} in the folder, kohya to
     * the .safetensors file, with {@code extra} metadata besides the layout's own. Returns the file or folder written.
     */
    static Path write(Path path, LoraWeights w, List<String> targets, LoraLayout layout, Map<String, String> extra) {
        boolean isFile = path.getFileName().toString().endsWith(".safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        w.modules().forEach((module, e) -> {
            tensors.put(layout.key(module, Role.DOWN), e.down());
            tensors.put(layout.key(module, Role.UP), e.up());
            if (layout.hasAlphaTensors()) tensors.put(layout.key(module, Role.ALPHA), Tensors.fromFloats(new float[]{(float) e.alpha()}));
        });
        Map<String, String> meta = new TreeMap<>(Map.of("format", "pt"));
        if (layout == LoraLayout.DIFFUSERS) {
            Map<String, Object> prefixed = new TreeMap<>();
            PeftConfig.forSave(w, targets).forEach((k, v) -> prefixed.put(DIFFUSERS_PREFIX + k, v));
            meta.put(DIFFUSERS_METADATA, PyJson.dumps(prefixed));
        } else if (layout == LoraLayout.KOHYA) {
            if (!isFile) throw new IllegalArgumentException("a kohya LoRA is one .safetensors file; got " + path);
            List<Integer> ranks = w.modules().values().stream().map(LoraWeights.Entry::rank).distinct().toList();
            List<Double> alphas = w.modules().values().stream().map(LoraWeights.Entry::alpha).distinct().toList();
            meta.put("ss_network_dim", ranks.size() == 1 ? ranks.get(0).toString() : "Dynamic");
            meta.put("ss_network_alpha", alphas.size() == 1 ? PyJson.repr(alphas.get(0)) : "Dynamic");
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (meta.putIfAbsent(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException("metadata key '" + e.getKey() + "' is reserved in the " + layout.label() + " layout");
            }
        }
        if (layout == LoraLayout.PEFT) {
            Path dir = isFile ? path.toAbsolutePath().getParent() : path;
            Tensors.save(dir.resolve(layout.fileName), tensors, meta);
            writeText(dir.resolve(PEFT_CONFIG), PyJson.dumps(PeftConfig.forSave(w, targets)));
            return dir;
        }
        Path file = isFile ? path : path.resolve(layout.fileName);
        Tensors.save(file, tensors, meta);
        return file;
    }

    private static void writeText(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            SafetensorsWriter.moveAtomically(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
