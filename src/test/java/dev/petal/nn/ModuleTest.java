package dev.petal.nn;

import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    /** A diffusers-shaped fragment: attn2.to_q / to_out.0, a norm, a list of blocks. */
    static final class Attn extends Module {
        final Linear toQ = registerModule("to_q", new Linear(8, 8, false));
        final ModuleList<Linear> toOut = registerModule("to_out", new ModuleList<>());

        Attn() {
            toOut.add(new Linear(8, 8, true));
        }
    }

    static final class Block extends Module {
        final GroupNorm norm = registerModule("norm", new GroupNorm(2, 8, 1e-6));
        final ModuleList<Attn> blocks = registerModule("transformer_blocks", new ModuleList<>());

        Block() {
            blocks.add(new Attn());
            blocks.add(new Attn());
        }
    }

    @TempDir
    Path tmp;

    @Test
    void namesAreDottedLikePyTorch() {
        Block b = new Block();
        assertEquals(List.of("norm.weight", "norm.bias",
                "transformer_blocks.0.to_q.weight", "transformer_blocks.0.to_out.0.weight", "transformer_blocks.0.to_out.0.bias",
                "transformer_blocks.1.to_q.weight", "transformer_blocks.1.to_out.0.weight", "transformer_blocks.1.to_out.0.bias"),
                List.copyOf(b.namedParameters().keySet()));
        assertTrue(b.namedModules().containsKey("transformer_blocks.1.to_out.0"));
        assertEquals(16 + 2 * (64 + 64 + 8), b.parameterCount());
    }

    @Test
    void freezeByPattern() {
        Block b = new Block();
        b.freezeAll();
        assertEquals(0, b.trainableParameterCount());
        assertEquals(2, b.unfreeze("*.to_out.0.weight"));
        assertEquals(128, b.trainableParameterCount());
        assertTrue(b.namedParameters().get("transformer_blocks.1.to_out.0.weight").requires_grad());
        assertFalse(b.namedParameters().get("transformer_blocks.1.to_q.weight").requires_grad());
    }

    @Test
    void seededInitIsDeterministicAndWithinPyTorchBounds() {
        Torch.seed(7);
        float[] a = Tensors.toFloats(new Linear(16, 4, true).weight);
        Torch.seed(7);
        float[] b = Tensors.toFloats(new Linear(16, 4, true).weight);
        assertArrayEquals(a, b);
        for (float v : a) assertTrue(Math.abs(v) <= 0.25f, "kaiming_uniform(a=√5) bound 1/√16 violated: " + v);
    }

    @Test
    void stateDictSavesAndLoadsIntoTheSameTensors() {
        Torch.seed(1);
        Block src = new Block();
        Path file = tmp.resolve("block.safetensors");
        Tensors.save(file, src.stateDict(), Map.of("format", "pt"));
        Torch.seed(2);
        Block dst = new Block();
        Tensor before = dst.namedParameters().get("transformer_blocks.0.to_q.weight");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertTrue(dst.loadStateDict(f, true).isClean());
        }
        assertTrue(before == dst.namedParameters().get("transformer_blocks.0.to_q.weight"), "load copies in place");
        for (String n : src.namedParameters().keySet()) {
            assertArrayEquals(Tensors.toFloats(src.namedParameters().get(n)), Tensors.toFloats(dst.namedParameters().get(n)), n);
        }
    }

    @Test
    void everyProblemIsReportedInOneError() {
        Block b = new Block();
        Map<String, Tensor> state = new LinkedHashMap<>(new Block().stateDict());
        state.remove("norm.bias");
        state.remove("transformer_blocks.1.to_q.weight");
        state.put("transformer_blocks.0.to_q.weight", Tensors.fromFloats(new float[4], 2, 2));
        state.put("extra.weight", Tensors.fromFloats(new float[1], 1));
        StateDictException e = assertThrows(StateDictException.class, () -> b.loadStateDict(state, true));
        String m = e.getMessage();
        for (String s : List.of("norm.bias", "transformer_blocks.1.to_q.weight", "extra.weight", "[2, 2]", "[8, 8]")) {
            assertTrue(m.contains(s), "'" + s + "' missing from: " + m);
        }
        assertEquals(2, e.report().missing().size());
        assertEquals(1, e.report().unexpected().size());
        assertEquals(1, e.report().shapeMismatches().size());
    }

    @Test
    void nonStrictLoadReportsButLoadsWhatMatches() {
        Block b = new Block();
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("norm.weight", Tensors.fromFloats(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 8));
        LoadReport r = b.loadStateDict(state, false);
        assertEquals(7, r.missing().size());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, Tensors.toFloats(b.norm.weight));
    }

    @Test
    void toConvertsInPlaceSoFieldsSeeTheNewDtype() {
        Linear l = new Linear(3, 2, true);
        Tensor before = l.weight;
        l.to(new org.bytedeco.pytorch.Device("cpu"), org.bytedeco.pytorch.global.torch.ScalarType.Double);
        assertTrue(before == l.weight);
        assertEquals(dev.petal.safetensors.DType.F64, Tensors.dtype(l.weight));
        assertEquals(dev.petal.safetensors.DType.F64, Tensors.dtype(l.namedParameters().get("weight")));
        Tensor y = l.forward(Tensors.fromDoubles(new double[]{1, 2, 3}, 1, 3));
        assertEquals(dev.petal.safetensors.DType.F64, Tensors.dtype(y));
        assertTrue(l.weight.requires_grad());
    }
}
