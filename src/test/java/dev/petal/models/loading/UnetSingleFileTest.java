package dev.petal.models.loading;

import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Stream;

/** Every UNet fixture, written in the original layout, loads through the converter and matches diffusers. */
class UnetSingleFileTest {
    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> everyUnetFixture() {
        return Stream.of("tiny", "sd15_style", "sd2_style").map(cfg -> DynamicTest.dynamicTest(cfg, () -> {
            Path file = tmp.resolve(cfg + ".safetensors");
            LdmFixtureWriter.write(file, SingleFileFixtures.unetLdm(cfg));
            UNetConfig config = UNetConfig.load(SingleFileFixtures.unetDir(cfg).resolve("model/config.json"));
            UNet2DConditionModel unet;
            try (SingleFileCheckpoint c = SingleFileCheckpoint.open(file)) {
                unet = c.loadUnet(config);
            }
            SingleFileFixtures.assertSameWeights(unet, SingleFileFixtures.unetWeights(cfg));
            SingleFileFixtures.checkUnet(unet, cfg);
        }));
    }
}
