package dev.petal.adapters.lora;

import dev.petal.adapters.lora.LoraFileException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** peft's {@code LoraConfig} as a map of its JSON fields: reading a module's alpha and rank, writing a config. */
final class PeftConfig {
    private static final String DEFAULTS = "lora_config_defaults.json";

    private PeftConfig() {
    }

    /** Every LoraConfig field with peft 0.18's defaults. */
    static Map<String, Object> defaults() {
        try (InputStream in = PeftConfig.class.getResourceAsStream(DEFAULTS)) {
            return PyJson.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + DEFAULTS, e);
        }
    }

    /** Problems that make a config unusable: no lora_alpha (peft would silently assume 8), DoRA. */
    static void check(Map<String, Object> cfg, String source, LoraFileException.Problems p) {
        if (!(cfg.get("lora_alpha") instanceof Number)) p.add(Kind.ALPHA, source + " has no numeric lora_alpha");
        if (Boolean.TRUE.equals(cfg.get("use_dora"))) p.add(Kind.UNSUPPORTED, source + ": use_dora (DoRA is not supported)");
    }

    /**
     * A module's alpha such that scaling = alpha / rank: alpha_pattern's entry or lora_alpha, times √r with
     * use_rslora (whose scaling is alpha / √r). Adds a shape problem when the config's r (or rank_pattern)
     * disagrees with the tensors.
     */
    static double alpha(Map<String, Object> cfg, String module, int rank, String key, LoraFileException.Problems p) {
        Object a = match(cfg.get("alpha_pattern"), module);
        double alpha = ((Number) (a instanceof Number ? a : cfg.get("lora_alpha"))).doubleValue();
        Object r = match(cfg.get("rank_pattern"), module);
        if (!(r instanceof Number)) r = cfg.get("r");
        if (r instanceof Number n && n.intValue() != rank) p.add(Kind.SHAPE, key + ": rank " + rank + " in the tensors, r = " + n + " in the config");
        return Boolean.TRUE.equals(cfg.get("use_rslora")) ? alpha * Math.sqrt(rank) : alpha;
    }

    /** peft's pattern lookup: the value of the first key k with module ~ {@code (.*\.)?(k)$}, or null. */
    private static Object match(Object pattern, String module) {
        if (!(pattern instanceof Map<?, ?> m)) return null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            boolean hit;
            try {
                hit = Pattern.compile("(.*\\.)?(" + k + ")").matcher(module).matches();
            } catch (PatternSyntaxException ex) {
                hit = module.equals(k) || module.endsWith("." + k);
            }
            if (hit) return e.getValue();
        }
        return null;
    }

    /**
     * The config to save: defaults, then the fields of the file the LoRA came from, then what the weights say
     * (r and lora_alpha the most common values, rank_pattern / alpha_pattern the exceptions by full path,
     * target_modules; the kept order when it names the same set).
     */
    static Map<String, Object> forSave(LoraWeights w, List<String> targets) {
        Map<String, Object> c = new TreeMap<>(defaults());
        c.putAll(w.peftConfig());
        Map<String, LoraWeights.Entry> m = w.modules();
        int r = mostCommon(m.values(), LoraWeights.Entry::rank);
        double alpha = mostCommon(m.values(), LoraWeights.Entry::alpha);
        Map<String, Object> ranks = new TreeMap<>(), alphas = new TreeMap<>();
        m.forEach((path, e) -> {
            if (e.rank() != r) ranks.put(path, e.rank());
            if (e.alpha() != alpha) alphas.put(path, number(e.alpha()));
        });
        c.put("r", r);
        c.put("lora_alpha", number(alpha));
        c.put("rank_pattern", ranks);
        c.put("alpha_pattern", alphas);
        c.put("use_rslora", false);
        c.put("use_dora", false);
        Object kept = c.get("target_modules");
        boolean same = kept instanceof Collection<?> k && new HashSet<>(k).equals(new HashSet<>(targets));
        c.put("target_modules", same ? kept : targets);
        return c;
    }

    /** Whole numbers as JSON integers (peft's configs write {@code "lora_alpha": 8}). */
    static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
    }

    static <T, V> V mostCommon(Collection<T> items, Function<T, V> value) {
        Map<V, Integer> counts = new LinkedHashMap<>();
        for (T t : items) counts.merge(value.apply(t), 1, Integer::sum);
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
