package dev.petal.models.loading;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.models.clip.ClipTextConfig;
import dev.petal.models.unet.UNetConfig;
import dev.petal.models.vae.VaeConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SD 1.x / 2.x configurations bundled under {@code src/main/resources/dev/petal/models/loading/}. */
public final class BundledConfigs {
    private BundledConfigs() {
    }

    public static UNetConfig unet(SdVersion v) {
        try (InputStream in = open(v.unetConfig)) {
            return UNetConfig.fromJson(new ObjectMapper().readTree(in), "bundled " + v.unetConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SD VAE (the same architecture for 1.x and 2.x). */
    public static VaeConfig vae() {
        return VaeConfig.load(copy("vae-sd.json"));
    }

    /** CLIP ViT-L/14 for {@link SdVersion#V1}, OpenCLIP ViT-H/14 (23 layers) for {@link SdVersion#V2}. */
    public static ClipTextConfig textEncoder(SdVersion v) {
        return ClipTextConfig.load(copy(v.textConfig));
    }

    private static InputStream open(String name) {
        InputStream in = BundledConfigs.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("bundled config " + name + " is missing from the jar");
        return in;
    }

    // VaeConfig and ClipTextConfig read only files; a fromJson(JsonNode, origin) on them would remove this copy.
    private static Path copy(String name) {
        try (InputStream in = open(name)) {
            Path f = Files.createTempFile("petal-" + name.replace(".json", "-"), ".json");
            f.toFile().deleteOnExit();
            Files.write(f, in.readAllBytes());
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
