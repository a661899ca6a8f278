package dev.petal.adapters.lora;

import dev.petal.Fixtures;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code lora/} fixture: its three files, the tiny UNet it was made on, inputs and a forward helper. */
final class LoraFixtures {
    static final double TOL = 1e-4;
    static final Path DIR = Fixtures.sd().resolve("lora");
    static final Path PEFT = DIR.resolve("peft");
    static final Path DIFFUSERS = DIR.resolve("diffusers/pytorch_lora_weights.safetensors");
    static final Path KOHYA = DIR.resolve("kohya/lora_kohya.safetensors");
    static final Path IO = DIR.resolve("io.safetensors");
    static final int MODULES = 32;
    static final int RANK = 2;
    static final double ALPHA = 6;

    /** Each fixture file with the layout it is in. */
    static final Map<LoraLayout, Path> FILES = Map.of(LoraLayout.PEFT, PEFT, LoraLayout.DIFFUSERS, DIFFUSERS, LoraLayout.KOHYA, KOHYA);
    static final List<LoraLayout> LAYOUTS = List.of(LoraLayout.PEFT, LoraLayout.DIFFUSERS, LoraLayout.KOHYA);

    private LoraFixtures() {
    }

    static UNet2DConditionModel tiny() {
        return UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
    }

    /** The UNet on the fixture inputs, without autograd. */
    static Tensor forward(UNet2DConditionModel unet) {
        try (SafetensorsFile io = SafetensorsFile.open(IO); NoGrad g = NoGrad.open()) {
            return unet.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in.timesteps_int"), Tensors.load(io, "in.encoder_hidden_states"));
        }
    }

    static Tensor reference(String name) {
        try (SafetensorsFile io = SafetensorsFile.open(IO)) {
            return Tensors.load(io, name);
        }
    }

    /** Every tensor of a safetensors file. */
    static Map<String, Tensor> tensors(Path file) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String n : f.names()) out.put(n, Tensors.load(f, n));
        }
        return out;
    }

    static Map<String, String> metadata(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            return f.metadata();
        }
    }
}
