package dev.petal.adapters.lora;

import dev.petal.Parity;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.nn.Linear;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Linear hook, the LoRA module and its functional core, the spec, and the JSON writer. */
class LoraModuleTest {

    @Test
    void linearWithoutDeltaIsExactlyTorchLinear() {
        Torch.seed(1);
        Linear lin = new Linear(8, 5, true);
        Tensor x = torch.randn(3, 4, 8);
        try (NoGrad g = NoGrad.open()) {
            float[] plain = Tensors.toFloats(torch.linear(x, lin.weight, new TensorOptional(lin.bias)));
            assertArrayEquals(plain, Tensors.toFloats(lin.forward(x)), "unset");
            lin.setDelta(t -> t.narrow(-1, 0, 5).mul(new Scalar(2.0)));
            float[] withDelta = Tensors.toFloats(lin.forward(x));
            Parity.assertClose("delta added", withDelta, Tensors.toFloats(torch.linear(x, lin.weight, new TensorOptional(lin.bias))
                    .add(x.narrow(-1, 0, 5).mul(new Scalar(2.0)))), 1e-6);
            lin.setDelta(null);
            assertArrayEquals(plain, Tensors.toFloats(lin.forward(x)), "cleared");
        }
    }

    @Test
    void theModuleComputesTheFunctionalCore() {
        Torch.seed(2);
        Linear base = new Linear(6, 7, true);
        LoraLinear lora = LoraLinear.wrap(base, 3, 12);
        try (NoGrad g = NoGrad.open()) {
            lora.up.weight.copy_(torch.randn(7, 3));
            lora.setScale(0.5);
            assertEquals(0.5 * 12 / 3, lora.scaling());
            Tensor x = torch.randn(2, 6);
            Tensor a = lora.down.weight, b = lora.up.weight;
            Tensor byHand = x.matmul(base.weight.t()).add(base.bias).add(x.matmul(a.t()).matmul(b.t()).mul(new Scalar(2.0)));
            Parity.assertClose("W x + b + s·alpha/r·B A x", Tensors.toFloats(base.forward(x)), Tensors.toFloats(byHand), 1e-6);
            Parity.assertClose("ΔW", Tensors.toFloats(lora.deltaWeight()), Tensors.toFloats(b.matmul(a).mul(new Scalar(2.0))), 1e-6);
            Parity.assertClose("bypass = x ΔWᵀ", Tensors.toFloats(LoraMath.bypass(x, a, b, 2.0)),
                    Tensors.toFloats(x.matmul(LoraMath.deltaWeight(a, b, 2.0).t())), 1e-6);
        }
        assertEquals(List.of("weight", "bias", "lora.lora_A.weight", "lora.lora_B.weight"), List.copyOf(base.namedParameters().keySet()));
        lora.unwrap();
        assertEquals(null, base.delta());
        assertEquals(List.of("weight", "bias"), List.copyOf(base.namedParameters().keySet()));
    }

    /** peft's default init: A kaiming-uniform (a = √5, bound 1/√in), B zero, so a fresh LoRA is exactly the base. */
    @Test
    void aFreshLoraComputesTheBaseAndDetachRestoresIt() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        float[] base = Tensors.toFloats(LoraFixtures.forward(unet));
        Map<String, Tensor> before = new LinkedHashMap<>(unet.namedParameters());
        AttachedLora lora = Lora.attach(unet, LoraSpec.of(4, 4));
        assertEquals(LoraFixtures.MODULES, lora.count());
        for (LoraLinear l : lora.modules().values()) {
            double bound = 1 / Math.sqrt(l.base().in), max = l.down.weight.abs().max().item_double();
            assertTrue(max <= bound && max > 0.5 * bound, "A within the kaiming bound " + bound + ": " + max);
            assertEquals(0.0, l.up.weight.abs().max().item_double());
        }
        assertArrayEquals(base, Tensors.toFloats(LoraFixtures.forward(unet)), "fresh LoRA = base");
        before.values().forEach(t -> assertTrue(!t.requires_grad(), "base frozen"));
        lora.parameters().forEach(t -> assertTrue(t.requires_grad(), "LoRA trainable"));
        lora.detach();
        assertEquals(before.keySet(), unet.namedParameters().keySet());
        assertArrayEquals(base, Tensors.toFloats(LoraFixtures.forward(unet)), "detached");
    }

    @Test
    void scaleZeroAndDisabledGiveTheBase() {
        UNet2DConditionModel unet = LoraFixtures.tiny();
        AttachedLora lora = Lora.load(LoraFixtures.PEFT, unet);
        lora.setScale(0);
        LoraFixtureTest.check("scale 0", unet, "out.base");
        lora.setScale(1);
        lora.setEnabled(false);
        float[] disabled = Tensors.toFloats(LoraFixtures.forward(unet));
        lora.detach();
        assertArrayEquals(Tensors.toFloats(LoraFixtures.forward(unet)), disabled, "disabled = detached, bit for bit");
        assertThrows(IllegalStateException.class, () -> lora.setScale(2));
    }

    @Test
    void specDefaultsAndErrors() {
        LoraSpec s = LoraSpec.of(8, 16);
        assertEquals(LoraSpec.DEFAULT_TARGETS, s.targets());
        assertEquals(2.0, s.scaling());
        assertTrue(s.matches("mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0"));
        assertTrue(!s.matches("mid_block.attentions.0.transformer_blocks.0.attn2.to_out"));
        assertTrue(!s.matches("x.not_to_q"));
        assertEquals("LoRA r=8 alpha=16 on [to_q, to_k, to_v, to_out.0]", s.describe());
        assertThrows(IllegalArgumentException.class, () -> LoraSpec.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> LoraSpec.of(4, 0));
        UNet2DConditionModel unet = LoraFixtures.tiny();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lora.attach(unet, new LoraSpec(4, 4, List.of("to_out"))));
        assertTrue(e.getMessage().contains("to_out (ModuleList)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lora.attach(unet, new LoraSpec(4, 4, List.of("to_qq"))));
        assertTrue(e.getMessage().contains("matches no layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lora.attach(unet, new LoraSpec(4, 4, List.of("proj_out"))));
        assertTrue(e.getMessage().contains("mid_block.attentions.0.proj_out (Conv2d)"), e.getMessage()); // 1×1 conv in tiny
        assertEquals(4, Lora.attach(unet, new LoraSpec(2, 1, List.of("ff.net.2"))).count()); // any Linear can carry a LoRA
    }

    @Test
    void pythonJson() {
        assertEquals("6.0", PyJson.repr(6));
        assertEquals("0.1", PyJson.repr(0.1));
        assertEquals("1e-05", PyJson.repr(1e-5));
        assertEquals("0.0001", PyJson.repr(1e-4));
        assertEquals("123456789.0", PyJson.repr(123456789));
        assertEquals("1e+16", PyJson.repr(1e16));
        assertEquals("-2.5e-07", PyJson.repr(-2.5e-7));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of("x", "é"));
        m.put("a", Map.of());
        m.put("c", null);
        m.put("d", 0.0);
        assertEquals("{\n  \"a\": {},\n  \"b\": [\n    \"x\",\n    \"\\u00e9\"\n  ],\n  \"c\": null,\n  \"d\": 0.0\n}", PyJson.dumps(m));
    }
}
