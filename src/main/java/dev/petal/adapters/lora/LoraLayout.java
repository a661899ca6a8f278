package dev.petal.adapters.lora;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** The three LoRA file layouts: how a module's A, B and alpha are named in the file. */
public enum LoraLayout {
    /** peft: a folder with {@code adapter_model.safetensors} ({@code <module>.lora_A.weight}) and adapter_config.json (alpha). */
    PEFT("", ".lora_A.weight", ".lora_B.weight", null, "adapter_model.safetensors"),
    /** diffusers' save_lora_weights: {@code unet.<module>.lora_A.weight}; alpha in {@code __metadata__["lora_adapter_metadata"]}. */
    DIFFUSERS("unet.", ".lora_A.weight", ".lora_B.weight", null, "pytorch_lora_weights.safetensors"),
    /** kohya sd-scripts / A1111 / ComfyUI: {@code lora_unet_<module, '.' → '_'>.lora_down.weight}, {@code .lora_up.weight}, 0-d {@code .alpha}. */
    KOHYA("lora_unet_", ".lora_down.weight", ".lora_up.weight", ".alpha", null);

    /** The prefix of peft keys saved from a PeftModel wrapper (accepted when reading). */
    static final String PEFT_MODEL_PREFIX = "base_model.model.";

    enum Role { DOWN, UP, ALPHA }

    /** A parsed key: the module as this layout spells it (without prefix) and what the tensor is. */
    record Key(String module, Role role) {
    }

    final String prefix;
    private final String down;
    private final String up;
    private final String alpha;
    /** The file name the tools use (null: any name). */
    final String fileName;

    LoraLayout(String prefix, String down, String up, String alpha, String fileName) {
        this.prefix = prefix;
        this.down = down;
        this.up = up;
        this.alpha = alpha;
        this.fileName = fileName;
    }

    /** "peft", "diffusers" or "kohya" (case-insensitive). */
    public static LoraLayout byName(String name) {
        for (LoraLayout l : values()) if (l.name().equalsIgnoreCase(name.trim())) return l;
        throw new IllegalArgumentException("unknown LoRA layout '" + name + "' (valid: peft, diffusers, kohya)");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean hasAlphaTensors() {
        return alpha != null;
    }

    /** A module path as this layout writes it, without the prefix. */
    String encode(String modulePath) {
        return this == KOHYA ? modulePath.replace('.', '_') : modulePath;
    }

    String key(String modulePath, Role role) {
        return prefix + encode(modulePath) + suffix(role);
    }

    private String suffix(Role role) {
        return switch (role) {
            case DOWN -> down;
            case UP -> up;
            case ALPHA -> alpha;
        };
    }

    /** The key's module and role, or null when the key is not a LoRA key of this layout. */
    Key parse(String key) {
        String k = this == PEFT && key.startsWith(PEFT_MODEL_PREFIX) ? key.substring(PEFT_MODEL_PREFIX.length()) : key;
        if (!k.startsWith(prefix)) return null;
        k = k.substring(prefix.length());
        for (Role r : Role.values()) {
            String s = suffix(r);
            if (s != null && k.endsWith(s) && k.length() > s.length()) return new Key(k.substring(0, k.length() - s.length()), r);
        }
        return null;
    }

    /** Keys of a text-encoder LoRA stored alongside the UNet's (Petal applies UNet LoRA only). */
    boolean isTextEncoderKey(String key) {
        return switch (this) {
            case PEFT -> false;
            case DIFFUSERS -> key.startsWith("text_encoder.") || key.startsWith("text_encoder_2.");
            case KOHYA -> key.startsWith("lora_te_") || key.startsWith("lora_te1_") || key.startsWith("lora_te2_");
        };
    }

    /** The layout of a file's tensor names: kohya and diffusers by their prefixes, else peft; null when none fits. */
    static LoraLayout detect(Collection<String> names) {
        for (LoraLayout l : Arrays.asList(KOHYA, DIFFUSERS)) {
            for (String n : names) if (n.startsWith(l.prefix) || l.isTextEncoderKey(n)) return l;
        }
        for (String n : names) if (PEFT.parse(n) != null) return PEFT;
        return null;
    }
}
