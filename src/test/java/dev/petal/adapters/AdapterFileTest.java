package dev.petal.adapters;

import dev.petal.Fixtures;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.safetensors.SafetensorsException;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterFileTest {
    @TempDir
    Path tmp;

    static float[] run(UNet2DConditionModel unet) {
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.sd().resolve("unet/tiny/io.safetensors")); NoGrad g = NoGrad.open()) {
            Tensor out = unet.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in.timesteps_int"), Tensors.load(io, "in.encoder_hidden_states"));
            return Tensors.toFloats(out);
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() {
        UNet2DConditionModel a = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
        Torch.seed(5);
        Adapters.Attached attached = Adapters.attach(a, new AdapterSpec(Position.CA_C, Position.CA_C, Activation.SILU, 2, 6, null, null));
        float[] expected = run(a);
        Path file = tmp.resolve("adapter.safetensors");
        AdapterFile.save(file, attached, a, "{\"steps\": 10}");

        UNet2DConditionModel b = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
        Adapters.Attached loaded = AdapterFile.load(file, b);
        assertArrayEquals(expected, run(b));
        assertEquals(attached.parameterCount(), loaded.parameterCount());
        AdapterFile.Info info = AdapterFile.info(file);
        assertEquals(attached.spec(), info.spec());
        assertEquals("{\"steps\": 10}", info.training());
    }

    @Test
    void loadingOntoAnotherBaseFailsClearly() {
        UNet2DConditionModel tiny = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
        Path file = tmp.resolve("a.safetensors");
        AdapterFile.save(file, Adapters.attach(tiny, AdapterSpec.recipe(4)), tiny, "{}");
        UNet2DConditionModel other = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/sd15_style/model"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdapterFile.load(file, other));
        assertTrue(e.getMessage().contains("different base model") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void nonAdapterAndCorruptFilesAreRejected() throws Exception {
        UNet2DConditionModel tiny = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterFile.load(Fixtures.sd().resolve("lora/kohya/lora_kohya.safetensors"), tiny));
        assertTrue(e.getMessage().contains("not a Petal adapter"), e.getMessage());
        Path file = tmp.resolve("a.safetensors");
        AdapterFile.save(file, Adapters.attach(tiny, AdapterSpec.recipe(4)), tiny, "{}");
        byte[] bytes = Files.readAllBytes(file);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        UNet2DConditionModel fresh = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
        assertThrows(SafetensorsException.class, () -> AdapterFile.load(cut, fresh));
    }
}
