package dev.petal.adapters.lora;

import dev.petal.Parity;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.petal.adapters.lora.LoraFixtures.TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving in each layout: what the tools wrote (keys, dtypes, shapes, metadata, config), and reloading in Petal. */
class LoraFilesTest {
    @TempDir
    Path tmp;

    /** Every source file saved in every layout reloads to the same tensors and alpha, and reproduces the fixture. */
    @TestFactory
    Stream<DynamicTest> saveAndReloadInEachLayout() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LoraLayout from : LoraFixtures.LAYOUTS) {
            for (LoraLayout to : LoraFixtures.LAYOUTS) {
                tests.add(DynamicTest.dynamicTest(from.label() + " → " + to.label(), () -> {
                    AttachedLora source = Lora.load(LoraFixtures.FILES.get(from), LoraFixtures.tiny());
                    Path saved = source.save(tmp.resolve(from.label() + "-to-" + to.label() + (to == LoraLayout.PEFT ? "" : ".safetensors")), to);
                    assertEquals(to, Lora.detect(saved));
                    UNet2DConditionModel unet = LoraFixtures.tiny();
                    AttachedLora back = Lora.load(saved, unet);
                    assertEquals(source.modules().keySet(), back.modules().keySet());
                    source.modules().forEach((m, l) -> {
                        LoraLinear r = back.modules().get(m);
                        assertEquals(l.alpha, r.alpha, m);
                        assertArrayEquals(Tensors.toFloats(l.down.weight), Tensors.toFloats(r.down.weight), m + " A");
                        assertArrayEquals(Tensors.toFloats(l.up.weight), Tensors.toFloats(r.up.weight), m + " B");
                    });
                    LoraFixtureTest.check(from + "→" + to + " reloaded", unet, "out.lora_scale1");
                    sameLayoutAsTheTools(saved, to);
                }));
            }
        }
        return tests.stream();
    }

    /** Keys, dtypes, shapes and metadata keys as in the fixture file of that layout; alpha-bearing values equal. */
    static void sameLayoutAsTheTools(Path saved, LoraLayout layout) throws IOException {
        Path ours = LoraFile.weightsFile(saved), theirs = LoraFile.weightsFile(LoraFixtures.FILES.get(layout));
        try (SafetensorsFile a = SafetensorsFile.open(ours); SafetensorsFile b = SafetensorsFile.open(theirs)) {
            assertEquals(new TreeSet<>(b.names()), new TreeSet<>(a.names()), "keys");
            for (String n : b.names()) {
                assertEquals(b.entry(n).dtype(), a.entry(n).dtype(), n);
                assertArrayEquals(b.entry(n).shape(), a.entry(n).shape(), n);
            }
            assertEquals(b.metadata().keySet(), a.metadata().keySet(), "metadata keys");
            switch (layout) {
                case KOHYA -> {
                    assertEquals(b.metadata(), a.metadata());
                    for (String n : b.names()) if (n.endsWith(".alpha")) assertEquals(b.doubles(n)[0], a.doubles(n)[0], n);
                }
                case DIFFUSERS -> {
                    Map<String, Object> m = PyJson.parseObject(a.metadata().get(LoraFile.DIFFUSERS_METADATA));
                    assertEquals(6L, ((Number) m.get("unet.lora_alpha")).longValue());
                    assertEquals(2L, ((Number) m.get("unet.r")).longValue());
                    assertEquals(PyJson.parseObject(b.metadata().get(LoraFile.DIFFUSERS_METADATA)).keySet(), m.keySet());
                    assertEquals(new TreeSet<>(LoraSpec.DEFAULT_TARGETS), new TreeSet<>((List<?>) m.get("unet.target_modules")));
                }
                case PEFT -> {
                    Map<String, Object> c = PyJson.parseObject(Files.readString(ours.resolveSibling(LoraFile.PEFT_CONFIG)));
                    Map<String, Object> ref = PyJson.parseObject(Files.readString(theirs.resolveSibling(LoraFile.PEFT_CONFIG)));
                    assertEquals(ref.keySet(), c.keySet());
                    for (String k : List.of("r", "lora_alpha", "peft_type", "use_rslora", "use_dora", "rank_pattern", "alpha_pattern", "fan_in_fan_out")) {
                        assertEquals(ref.get(k), c.get(k), k);
                    }
                }
            }
        }
    }

    /** Read from peft or diffusers (which carry the LoraConfig), each layout is saved byte for byte as the tools did. */
    @TestFactory
    Stream<DynamicTest> savedFilesAreByteIdenticalToTheTools() {
        List<DynamicTest> tests = new ArrayList<>();
        for (LoraLayout from : List.of(LoraLayout.PEFT, LoraLayout.DIFFUSERS)) {
            for (LoraLayout to : LoraFixtures.LAYOUTS) {
                tests.add(DynamicTest.dynamicTest(from.label() + " → " + to.label(), () -> {
                    AttachedLora lora = Lora.load(LoraFixtures.FILES.get(from), LoraFixtures.tiny());
                    Path saved = lora.save(tmp.resolve(from + "-" + to + (to == LoraLayout.PEFT ? "" : ".safetensors")), to);
                    Path theirs = LoraFile.weightsFile(LoraFixtures.FILES.get(to));
                    assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(LoraFile.weightsFile(saved)), "bytes of " + saved);
                    if (to == LoraLayout.PEFT) {
                        assertEquals(Files.readString(theirs.resolveSibling(LoraFile.PEFT_CONFIG)), Files.readString(saved.resolve(LoraFile.PEFT_CONFIG)));
                    }
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void aNewLoraSavesItsSpec() throws IOException {
        AttachedLora lora = Lora.attach(LoraFixtures.tiny(), LoraSpec.of(4, 8));
        Path dir = lora.save(tmp.resolve("peft"), LoraLayout.PEFT);
        Map<String, Object> c = PyJson.parseObject(Files.readString(dir.resolve(LoraFile.PEFT_CONFIG)));
        assertEquals(4, c.get("r"));
        assertEquals(8, c.get("lora_alpha"));
        assertEquals(LoraSpec.DEFAULT_TARGETS, c.get("target_modules"));
        assertEquals(true, c.get("init_lora_weights"));
        assertEquals("LORA", c.get("peft_type"));
        Path kohya = lora.save(tmp.resolve("k.safetensors"), LoraLayout.KOHYA);
        Map<String, String> meta = LoraFixtures.metadata(kohya);
        assertEquals("4", meta.get("ss_network_dim"));
        assertEquals("8.0", meta.get("ss_network_alpha"));
        Path diffusers = lora.save(tmp.resolve("d"), LoraLayout.DIFFUSERS);
        assertEquals(tmp.resolve("d").resolve("pytorch_lora_weights.safetensors"), diffusers);
        assertEquals(LoraSpec.of(4, 8), Lora.load(diffusers, LoraFixtures.tiny()).spec());
    }

    /** Targets that are not every match of their short names are saved as full paths, so peft selects the same layers. */
    @Test
    void partialTargetsAreSavedAsFullPaths() throws IOException {
        String one = "mid_block.attentions.0.transformer_blocks.0.attn2.to_k";
        AttachedLora lora = Lora.attach(LoraFixtures.tiny(), new LoraSpec(2, 2, List.of(one, "attn1.to_v")));
        assertEquals(5, lora.count()); // 1 + the 4 self-attention to_v
        Path dir = lora.save(tmp.resolve("partial"), LoraLayout.PEFT);
        List<?> targets = (List<?>) PyJson.parseObject(Files.readString(dir.resolve(LoraFile.PEFT_CONFIG))).get("target_modules");
        assertEquals(5, targets.size());
        assertTrue(targets.contains(one), targets.toString());
        assertEquals(lora.modules().keySet(), Lora.load(dir, LoraFixtures.tiny()).modules().keySet());
    }

    /**
     * The README's trap: diffusers keeps lora_alpha only in the metadata. Without it, diffusers (and Petal) assume
     * alpha = r: scaling 1 instead of 3, and the output is off by 0.81 (meta.json: 0.8107312).
     */
    @Test
    void diffusersFileWithoutMetadataMeansAlphaEqualsRank() {
        Path bare = tmp.resolve("bare.safetensors");
        Tensors.save(bare, LoraFixtures.tensors(LoraFixtures.DIFFUSERS), Map.of("format", "pt"));
        UNet2DConditionModel unet = LoraFixtures.tiny();
        AttachedLora lora = Lora.load(bare, unet);
        lora.modules().values().forEach(l -> assertEquals(l.rank, l.alpha));
        double off = Parity.maxAbsDiff(Tensors.toFloats(LoraFixtures.forward(unet)), Tensors.toFloats(LoraFixtures.reference("out.lora_scale1")));
        System.out.printf("lora diffusers without metadata: max|out - out.lora_scale1| = %.7f (diffusers: 0.8107312)%n", off);
        assertEquals(0.8107312023639679, off, 1e-4);
        lora.setScale(LoraFixtures.ALPHA / LoraFixtures.RANK); // the missing factor alpha / r
        LoraFixtureTest.check("no metadata, scale 3", unet, "out.lora_scale1");
    }

    /** A kohya file without .alpha tensors: alpha = rank (scale 1), as kohya, A1111 and diffusers read it. */
    @Test
    void kohyaWithoutAlphaTensorsMeansAlphaEqualsRank() {
        Path noAlpha = tmp.resolve("noalpha.safetensors");
        Map<String, Tensor> t = LoraFixtures.tensors(LoraFixtures.KOHYA);
        t.keySet().removeIf(k -> k.endsWith(".alpha"));
        Tensors.save(noAlpha, t, Map.of());
        AttachedLora lora = Lora.load(noAlpha, LoraFixtures.tiny());
        lora.modules().values().forEach(l -> assertEquals(l.rank, l.alpha));
    }

    @Test
    void peftKeysFromAPeftModelWrapperLoad() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("wrapped"));
        Map<String, Tensor> t = new java.util.LinkedHashMap<>();
        LoraFixtures.tensors(LoraFixtures.PEFT.resolve("adapter_model.safetensors")).forEach((k, v) -> t.put(LoraLayout.PEFT_MODEL_PREFIX + k, v));
        Tensors.save(dir.resolve("adapter_model.safetensors"), t, Map.of("format", "pt"));
        Files.copy(LoraFixtures.PEFT.resolve(LoraFile.PEFT_CONFIG), dir.resolve(LoraFile.PEFT_CONFIG));
        UNet2DConditionModel unet = LoraFixtures.tiny();
        Lora.load(dir, unet);
        LoraFixtureTest.check("peft base_model.model.", unet, "out.lora_scale1");
    }

    /** What the trainer writes: the run's settings as extra metadata; the layout's own keys cannot be overridden. */
    @Test
    void extraMetadataForTrainingRuns() {
        AttachedLora lora = Lora.load(LoraFixtures.KOHYA, LoraFixtures.tiny());
        Map<String, String> training = Map.of("petal.training", "{\"steps\":10}");
        for (LoraLayout l : LoraFixtures.LAYOUTS) {
            Path saved = lora.save(tmp.resolve("run-" + l.label() + (l == LoraLayout.PEFT ? "" : ".safetensors")), l, training);
            assertEquals("{\"steps\":10}", LoraFixtures.metadata(LoraFile.weightsFile(saved)).get("petal.training"));
            assertEquals(LoraFixtures.MODULES, Lora.load(saved, LoraFixtures.tiny()).count());
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> lora.save(tmp.resolve("x.safetensors"), LoraLayout.KOHYA, Map.of("ss_network_dim", "64")));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
    }

    @Test
    void layoutNames() {
        assertEquals(LoraLayout.KOHYA, LoraLayout.byName("Kohya"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LoraLayout.byName("lycoris"));
        assertTrue(e.getMessage().contains("peft, diffusers, kohya"), e.getMessage());
        assertEquals(Arrays.asList("peft", "diffusers", "kohya"), Arrays.stream(LoraLayout.values()).map(LoraLayout::label).toList());
    }
}
