package dev.petal.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.Petal;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.LoadReport;
import dev.petal.nn.StateDictException;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained adapter as one safetensors file: the adapter tensors under their UNet names, and metadata with
 * the spec ({@code petal.spec}), the base model's identity ({@code petal.base}: a hash of its UNet config),
 * the training settings ({@code petal.training}) and the Petal version. Loading onto another base fails.
 */
public final class AdapterFile {
    public static final String FORMAT = "petal-adapter/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the metadata says. */
    public record Info(AdapterSpec spec, String baseHash, String baseConfig, String training, String petalVersion) {
    }

    private AdapterFile() {
    }

    /** The identity of a base UNet: SHA-256 (first 16 hex digits) of its canonical config JSON. */
    public static String baseHash(UNet2DConditionModel unet) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(baseConfig(unet).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String baseConfig(UNet2DConditionModel unet) {
        try {
            return JSON.writeValueAsString(unet.config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the attached adapters atomically; {@code training} is free-form JSON (may be "{}"). */
    public static void save(Path file, Adapters.Attached adapters, UNet2DConditionModel base, String training) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("petal.format", FORMAT);
        meta.put("petal.spec", adapters.spec().toJson());
        meta.put("petal.base", baseHash(base));
        meta.put("petal.base_config", baseConfig(base));
        meta.put("petal.training", training == null ? "{}" : training);
        meta.put("petal.version", Petal.version());
        meta.put("petal.parameters", Long.toString(adapters.parameterCount()));
        Tensors.save(file, adapters.stateDict(), meta);
    }

    public static Info info(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return info(f);
        }
    }

    private static Info info(SafetensorsFile f) {
        Map<String, String> m = f.metadata();
        if (!FORMAT.equals(m.get("petal.format"))) {
            throw new IllegalArgumentException(f.path() + ": not a Petal adapter file (metadata petal.format = "
                    + m.get("petal.format") + "); LoRA files load with --lora");
        }
        return new Info(AdapterSpec.fromJson(m.get("petal.spec")), m.get("petal.base"), m.get("petal.base_config"),
                m.get("petal.training"), m.get("petal.version"));
    }

    /** Attaches the file's adapters to {@code unet} (which must be the base it was trained on) and loads them. */
    public static Adapters.Attached load(Path file, UNet2DConditionModel unet) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Info info = info(f);
            String hash = baseHash(unet);
            if (!hash.equals(info.baseHash())) {
                throw new IllegalArgumentException(file + ": adapter was trained on a different base model (UNet config hash "
                        + info.baseHash() + ", this model " + hash + "). Its base config: " + info.baseConfig());
            }
            Adapters.Attached attached = Adapters.attach(unet, info.spec());
            Map<String, Tensor> own = attached.stateDict();
            List<String> missing = new ArrayList<>(), mismatched = new ArrayList<>();
            List<String> unexpected = new ArrayList<>(f.names());
            unexpected.removeAll(own.keySet());
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                if (!f.contains(e.getKey())) missing.add(e.getKey());
                else if (!java.util.Arrays.equals(f.entry(e.getKey()).shape(), Tensors.shape(e.getValue()))) {
                    mismatched.add(e.getKey() + ": file " + f.entry(e.getKey()).shapeString() + " vs model " + Tensors.shapeString(e.getValue()));
                }
            }
            if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
                attached.detach();
                throw new StateDictException(new LoadReport(file.toString(), missing, unexpected, mismatched));
            }
            try (NoGrad g = NoGrad.open()) {
                for (Map.Entry<String, Tensor> e : own.entrySet()) e.getValue().copy_(Tensors.load(f, e.getKey(), e.getValue().scalar_type()));
            }
            return attached;
        }
    }
}
