package dev.petal.adapters;

import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.models.unet.BasicTransformerBlock;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdapterBehaviourTest {
    static Tensor sample, timesteps, context, baseOut;

    @BeforeAll
    static void inputs() {
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.sd().resolve("unet/tiny/io.safetensors"))) {
            sample = Tensors.load(io, "in.sample");
            timesteps = Tensors.load(io, "in.timesteps_int");
            context = Tensors.load(io, "in.encoder_hidden_states");
            baseOut = Tensors.load(io, "out.timesteps_int");
        }
    }

    static UNet2DConditionModel tiny() {
        return UNet2DConditionModel.load(Fixtures.sd().resolve("unet/tiny/model"));
    }

    /** The paper's 20 (input → output) cells. */
    static List<AdapterSpec> paperCells(int rank) {
        List<AdapterSpec> cells = new ArrayList<>();
        for (Position in : Position.values()) {
            for (Position out : in.validOutputs()) cells.add(new AdapterSpec(in, out, Activation.RELU, 1, rank, null, null));
        }
        return cells;
    }

    @Test
    void thereAreTwentyCells() {
        assertEquals(20, paperCells(4).size());
    }

    @TestFactory
    Stream<DynamicTest> everyCellChangesTheOutputAndOnlyAdaptersGetGradients() {
        return paperCells(4).stream().map(spec -> DynamicTest.dynamicTest(spec.describe(), () -> {
            UNet2DConditionModel unet = tiny();
            float[] ownBase;
            try (NoGrad g = NoGrad.open()) {
                ownBase = Tensors.toFloats(unet.forward(sample, timesteps, context));
            }
            Torch.seed(3);
            Adapters.Attached a = Adapters.attach(unet, spec);
            Tensor out = unet.forward(sample, timesteps, context);
            double diff = Parity.maxAbsDiff(Tensors.toFloats(out), Tensors.toFloats(baseOut));
            assertTrue(diff > 1e-4, "paper init must change the output, diff " + diff);
            out.mul(out).mean().backward();
            for (Map.Entry<String, Tensor> p : unet.namedParameters().entrySet()) {
                boolean adapter = p.getKey().contains("." + Adapters.CHILD + ".");
                assertEquals(adapter, p.getValue().requires_grad(), p.getKey());
                if (adapter) assertTrue(p.getValue().grad().defined(), "no gradient for " + p.getKey());
                else assertTrue(!p.getValue().grad().defined(), "frozen weight got a gradient: " + p.getKey());
            }
            // one optimizer step moves every adapter tensor (the cell trains)
            Map<String, float[]> before = new java.util.LinkedHashMap<>();
            a.stateDict().forEach((n, t) -> before.put(n, Tensors.toFloats(t)));
            org.bytedeco.pytorch.AdamW opt = new org.bytedeco.pytorch.AdamW(
                    new org.bytedeco.pytorch.TensorVector(a.parameters().toArray(new Tensor[0])), new org.bytedeco.pytorch.AdamWOptions(1e-3));
            opt.step();
            a.stateDict().forEach((n, t) -> assertTrue(Parity.maxAbsDiff(before.get(n), Tensors.toFloats(t)) > 0, "did not move: " + n));
            a.detach();
            try (NoGrad g = NoGrad.open()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(ownBase, Tensors.toFloats(unet.forward(sample, timesteps, context)),
                        "detaching restores the base computation exactly");
            }
        }));
    }

    @Test
    void zeroUpInitAndDisabledAdaptersReproduceTheBase() {
        UNet2DConditionModel unet = tiny();
        float[] ownBase;
        try (NoGrad g = NoGrad.open()) {
            ownBase = Tensors.toFloats(unet.forward(sample, timesteps, context));
        }
        AdapterSpec spec = new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1, 8, AdapterSpec.INIT_ZERO_UP, null);
        Adapters.Attached a = Adapters.attach(unet, spec);
        try (NoGrad g = NoGrad.open()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(ownBase, Tensors.toFloats(unet.forward(sample, timesteps, context)), "zero-up");
        }
        a.detach();
        Adapters.Attached b = Adapters.attach(unet, AdapterSpec.recipe(8));
        b.setEnabled(false);
        try (NoGrad g = NoGrad.open()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(ownBase, Tensors.toFloats(unet.forward(sample, timesteps, context)), "disabled");
        }
        assertEquals(a.count(), b.count());
    }

    /** The tap wiring computes exactly the paper's block: h2' = h1 + CA_out + s·up(relu(down(CA_out))). */
    @Test
    void recipeMatchesAHandWrittenBlock() {
        UNet2DConditionModel unet = tiny();
        BasicTransformerBlock block = unet.downBlocks.get(0).attentions.get(0).transformerBlocks.get(0);
        Adapters.attach(unet, AdapterSpec.recipe(5).withScale(2.0));
        TokenAdapter ad = (TokenAdapter) block.child(Adapters.CHILD);
        Torch.seed(11);
        Tensor x = org.bytedeco.pytorch.global.torch.randn(2, 9, 32);
        Tensor c = context;
        try (NoGrad g = NoGrad.open()) {
            Tensor h1 = block.attn1.forward(block.norm1.forward(x), null).add(x);
            Tensor ca = block.attn2.forward(block.norm2.forward(h1), c);
            Tensor a = ad.up.forward(org.bytedeco.pytorch.global.torch.relu(ad.down.forward(ca))).mul(new Scalar(2.0));
            Tensor h2 = ca.add(h1).add(a);
            Tensor expected = block.ff.forward(block.norm3.forward(h2)).add(h2);
            Parity.assertClose("block", Tensors.toFloats(block.forward(x, c)), Tensors.toFloats(expected), 1e-6);
        }
    }

    @Test
    void invalidCombinationsNameTheValidOutputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdapterSpec(Position.FFN_IN, Position.CA_IN, Activation.RELU, 1, 4, null, null));
        assertTrue(e.getMessage().contains("[FFN_in, Trans_out]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdapterSpec(Position.CA_C, Position.FFN_IN, Activation.RELU, 1, 4, null, null));
        assertTrue(e.getMessage().contains("[CA_c]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdapterSpec(Position.RES_IN, Position.TRANS_OUT, Activation.RELU, 1, 4, null, null));
        assertTrue(e.getMessage().contains("[Res_in, Res_out]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Position.parse("CA_middle"));
        assertTrue(e.getMessage().contains("CA_out"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdapterSpec(Position.CA_OUT, Position.SA_OUT, Activation.RELU, 1, 4, null, null));
        assertThrows(IllegalArgumentException.class, () -> new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1, 0, null, null));
    }

    @Test
    void specRoundTripsThroughJson() {
        AdapterSpec spec = new AdapterSpec(Position.CA_C, Position.CA_C, Activation.SIGMOID, 0.5, 60, AdapterSpec.INIT_ZERO_UP,
                new BlockSelection(java.util.Set.of("up"), java.util.Set.of(0)));
        String json = spec.toJson();
        assertTrue(json.contains("\"input\":\"CA_c\""), json);
        assertEquals(spec, AdapterSpec.fromJson(json));
        assertEquals(Position.CA_OUT, Position.parse("attn2o"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdapterSpec.fromJson("{\"input\":\"CA_out\",\"output\":\"SA_in\",\"rank\":4,\"scale\":1}"));
        assertTrue(e.getMessage().contains("valid outputs"), e.getMessage());
    }

    @Test
    void blockSelectionByPartAndLevel() {
        UNet2DConditionModel unet = tiny();
        var up = Adapters.attach(unet, new AdapterSpec(Position.CA_OUT, Position.FFN_IN, Activation.RELU, 1, 4, null,
                new BlockSelection(java.util.Set.of("up"), null)));
        assertEquals(2, up.count()); // tiny: up_blocks.1 has 2 transformers, up_blocks.0 none
        assertTrue(up.stateDict().keySet().iterator().next().startsWith("up_blocks.1.attentions.0.transformer_blocks.0.adapter."));
        up.detach();
        var lowest = Adapters.attach(unet, new AdapterSpec(Position.RES_IN, Position.RES_IN, Activation.RELU, 1, 4, null,
                new BlockSelection(null, java.util.Set.of(1))));
        // level 1 of tiny: down_blocks.1 (1 resnet), mid (2), up_blocks.0 (2)
        assertEquals(5, lowest.count());
    }
}
