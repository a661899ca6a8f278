package dev.petal.adapters.lora;

import dev.petal.Parity;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.Linear;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.petal.adapters.lora.LoraFixtures.TOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LoRA fixtures (peft 0.18.1 / diffusers 0.37.1 on unet/tiny) reproduce from each of the three files. */
class LoraFixtureTest {
    static final List<String> FUSED = List.of("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q",
            "mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0");

    @TestFactory
    Stream<DynamicTest> eachFileReproducesScale1Scale05AndTheBase() {
        return LoraFixtures.LAYOUTS.stream().map(layout -> DynamicTest.dynamicTest(layout.label(), () -> {
            var file = LoraFixtures.FILES.get(layout);
            assertEquals(layout, Lora.detect(file));
            UNet2DConditionModel unet = LoraFixtures.tiny();
            AttachedLora lora = Lora.load(file, unet);
            assertEquals(LoraFixtures.MODULES, lora.count());
            for (LoraLinear l : lora.modules().values()) {
                assertEquals(LoraFixtures.RANK, l.rank);
                assertEquals(LoraFixtures.ALPHA, l.alpha);
            }
            check(layout + " scale 1", unet, "out.lora_scale1");
            lora.setScale(0.5);
            check(layout + " scale 0.5", unet, "out.lora_scale0.5");
            lora.setEnabled(false);
            check(layout + " disabled", unet, "out.base");
            lora.setEnabled(true);
            lora.setScale(1);
            check(layout + " re-enabled", unet, "out.lora_scale1");
        }));
    }

    static double check(String what, UNet2DConditionModel unet, String ref) {
        try (SafetensorsFile io = SafetensorsFile.open(LoraFixtures.IO)) {
            double err = Parity.assertClose(what, LoraFixtures.forward(unet), io, ref, TOL);
            System.out.printf("lora fixture %-24s vs %-18s max err %.3g%n", what, ref, err);
            return err;
        }
    }

    @Test
    void mergedWeightsMatchTheFusedTensors() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        AttachedLora lora = Lora.load(LoraFixtures.PEFT, unet);
        try (SafetensorsFile io = SafetensorsFile.open(LoraFixtures.IO); NoGrad g = NoGrad.open()) {
            for (String m : FUSED) {
                LoraLinear l = lora.modules().get(m);
                Parity.assertClose(m + " base", l.base().weight, io, "fused." + m + ".base_weight", TOL);
                double d = Parity.assertClose(m + " delta", l.deltaWeight(), io, "fused." + m + ".delta_weight", TOL);
                System.out.printf("lora fused %s delta max err %.3g%n", m, d);
            }
            lora.merge();
            for (String m : FUSED) {
                double e = Parity.assertClose(m + " merged", lora.modules().get(m).base().weight, io, "fused." + m + ".merged_weight", TOL);
                System.out.printf("lora fused %s merged max err %.3g%n", m, e);
            }
            lora.unmerge();
            for (String m : FUSED) Parity.assertClose(m + " unmerged", lora.modules().get(m).base().weight, io, "fused." + m + ".base_weight", 1e-6);
        }
    }

    @Test
    void mergedForwardEqualsUnmergedForward() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        AttachedLora lora = Lora.load(LoraFixtures.KOHYA, unet);
        for (double s : new double[]{1.0, 0.5}) {
            lora.setScale(s);
            float[] bypass = Tensors.toFloats(LoraFixtures.forward(unet));
            lora.merge();
            assertTrue(lora.isMerged());
            for (LoraLinear l : lora.modules().values()) assertEquals(null, l.base().delta(), "merged: no bypass");
            float[] merged = Tensors.toFloats(LoraFixtures.forward(unet));
            double err = Parity.assertClose("merged vs unmerged, scale " + s, merged, bypass, 1e-5);
            System.out.printf("lora merged vs unmerged scale %s max err %.3g%n", s, err);
            lora.unmerge();
        }
        lora.merge();
        lora.setScale(0.5); // re-merges at the new scale
        check("merged, rescaled to 0.5", unet, "out.lora_scale0.5");
        lora.setEnabled(false); // unmerges
        assertFalse(lora.isMerged());
        check("merged, then disabled", unet, "out.base");
    }

    @Test
    void onlyLoraParametersGetGradients() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        AttachedLora lora = Lora.load(LoraFixtures.DIFFUSERS, unet);
        Tensor out;
        try (SafetensorsFile io = SafetensorsFile.open(LoraFixtures.IO)) {
            out = unet.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in.timesteps_int"), Tensors.load(io, "in.encoder_hidden_states"));
        }
        out.mul(out).mean().backward();
        int withGrad = 0;
        for (Map.Entry<String, Tensor> p : unet.namedParameters().entrySet()) {
            boolean isLora = p.getKey().contains("." + LoraLinear.CHILD + ".lora_");
            assertEquals(isLora, p.getValue().requires_grad(), p.getKey());
            assertEquals(isLora, p.getValue().grad().defined(), p.getKey() + " gradient");
            if (isLora) {
                assertTrue(p.getValue().grad().abs().max().item_double() > 0, "zero gradient for " + p.getKey());
                withGrad++;
            }
        }
        assertEquals(2 * LoraFixtures.MODULES, withGrad);
        assertEquals(withGrad, lora.parameters().size());
        long expected = 0;
        for (LoraLinear l : lora.modules().values()) {
            Linear b = l.base();
            expected += (long) l.rank * (b.in + b.out);
        }
        assertEquals(expected, lora.parameterCount());
    }
}
