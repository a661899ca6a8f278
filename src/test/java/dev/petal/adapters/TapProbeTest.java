package dev.petal.adapters;

import dev.petal.models.unet.BasicTransformerBlock;
import dev.petal.models.unet.ResnetBlock2D;
import dev.petal.models.unet.TapPoint;
import dev.petal.models.unet.Taps;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TapProbeTest {
    @BeforeAll
    static void inputs() {
        AdapterBehaviourTest.inputs();
    }

    @Test
    void everyPositionOfEveryBlockIsMeasuredAndTheModelIsLeftAsItWas() {
        UNet2DConditionModel unet = AdapterBehaviourTest.tiny();
        Tensor sample = AdapterBehaviourTest.sample, t = AdapterBehaviourTest.timesteps, c = AdapterBehaviourTest.context;
        long transformers = unet.namedModules().values().stream().filter(m -> m instanceof BasicTransformerBlock).count();
        long res = unet.namedModules().values().stream().filter(m -> m instanceof ResnetBlock2D).count();
        Map<String, Taps> before = new java.util.HashMap<>();
        unet.namedModules().forEach((n, m) -> {
            if (m instanceof BasicTransformerBlock b) before.put(n, b.taps());
        });

        float[] plain;
        try (NoGrad g = NoGrad.open()) {
            plain = Tensors.toFloats(unet.forward(sample, t, c));
        }

        List<TapProbe.Row> rows = TapProbe.run(unet, sample, t, c);

        assertEquals(8 * transformers + 2 * res, rows.size());
        unet.namedModules().forEach((n, m) -> {
            if (m instanceof BasicTransformerBlock b) assertSame(before.get(n), b.taps(), n + ": taps restored");
        });
        try (NoGrad g = NoGrad.open()) {
            assertArrayEquals(plain, Tensors.toFloats(unet.forward(sample, t, c)), "the probe leaves the UNet's output alone");
        }
        // CA_c is the text context itself: its statistics are computable directly
        double ms = c.pow(new Scalar(2)).mean().item_double();
        double dev = c.sub(c.mean(new long[]{1}, true, null)).pow(new Scalar(2)).mean().item_double();
        for (TapProbe.Row r : rows) {
            assertTrue(r.rms() > 0 && r.spatialVariation() >= 0 && r.spatialVariation() <= 1 + 1e-9, r.toString());
            if (r.point() == TapPoint.CA_C) {
                assertEquals(Math.sqrt(ms), r.rms(), 1e-5, r.block());
                assertEquals(Math.sqrt(dev / ms), r.spatialVariation(), 1e-5, r.block());
            }
        }
        Map<TapPoint, Double> mean = TapProbe.meanVariation(rows);
        assertEquals(10, mean.size(), "all ten tap points");
    }
}
