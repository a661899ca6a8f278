package dev.petal.adapters;

import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.nn.Init;
import org.bytedeco.pytorch.Device;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Adapter and base parameter counts equal the authors' on SD v1.4's UNet config (built on the meta device). */
class ParameterCountTest {
    static final Path SD1 = Path.of("src/test/fixtures/configs/sd-v1-unet-config.json");

    static UNet2DConditionModel sd1OnMeta() {
        return Init.onDevice(new Device("meta"), () -> new UNet2DConditionModel(UNetConfig.load(SD1)));
    }

    @Test
    void baseUNetHasTheAuthorsCount() {
        assertEquals(859_520_964L, sd1OnMeta().parameterCount());
    }

    @ParameterizedTest(name = "{0}→{1} r={2}: {3}")
    @CsvSource({
            "CA_out, FFN_in, 60, 1511040",
            "CA_out, FFN_in, 256, 6406336",
            "CA_c, CA_c, 60, 1487808",
            "Res_in, Res_in, 6, 3303492",
            "Res_in, Res_out, 7, 3224794",
            "Res_out, Res_out, 9, 3326598"})
    void adapterCountsMatchThePaper(String in, String out, int rank, long expected) {
        UNet2DConditionModel unet = sd1OnMeta();
        AdapterSpec spec = new AdapterSpec(Position.parse(in), Position.parse(out), Activation.RELU, 1, rank, null, null);
        Adapters.Attached a = Init.onDevice(new Device("meta"), () -> Adapters.attach(unet, spec));
        assertEquals(expected, a.parameterCount());
        assertEquals(expected, unet.trainableParameterCount(), "only adapter parameters are trainable");
        assertEquals(spec.input().kind() == Position.Kind.RES ? 22 : 16, a.count());
    }
}
