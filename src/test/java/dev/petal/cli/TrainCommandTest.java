package dev.petal.cli;

import dev.petal.adapters.AdapterFile;
import dev.petal.pipeline.PipelineFixture;
import dev.petal.safetensors.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petal train} end to end on the fixture pipeline and the committed cat-face subject. */
class TrainCommandTest {
    @TempDir
    static Path tmp;
    static Path model;
    static final Path SUBJECT = Path.of("data/emoji/subjects/cat-face");

    @BeforeAll
    static void materialize() {
        model = PipelineFixture.materialize(tmp.resolve("pipe"));
    }

    static List<String> personalize(Path out, int steps, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "personalize", "--model", model.toString(),
                "--instance-images", SUBJECT.toString(), "--instance-prompt", "an emoji of a sks cat face",
                "--class-prompt", "an emoji of a cat face", "--num-class-images", "2", "--class-images", tmp.resolve("class").toString(),
                "--steps", String.valueOf(steps), "--rank", "8", "--out", out.toString(), "--validation-steps", "3"));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void personalizeWritesAdapterSamplesLogAndCheckpoints() {
        Path out = tmp.resolve("p");
        var r = InspectCommandTest.run(personalize(out, 12, "--checkpoint-every", "4", "--validate-every", "6").toArray(new String[0]));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("trained adapter"), r.out());
        assertTrue(Files.exists(out.resolve("adapter.safetensors")));
        assertEquals("CA_out→FFN_in relu s=1 r=8", AdapterFile.info(out.resolve("adapter.safetensors")).spec().describe());
        assertTrue(Files.exists(out.resolve("samples/step-000006.png")) && Files.exists(out.resolve("samples/step-000012.png")));
        assertTrue(Files.exists(tmp.resolve("class/class-00001.png")), "class images generated");
        assertEquals(12, lines(out.resolve("loss.jsonl")));
        assertEquals(2, dev.petal.training.Checkpoints.list(out).size());
    }

    @Test
    void loraAndFullMethodsTrain() {
        var lora = InspectCommandTest.run(personalize(tmp.resolve("l"), 3, "--method", "lora", "--lora-rank", "2").toArray(new String[0]));
        assertEquals(0, lora.code(), lora.err());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("l/lora.safetensors"))) {
            assertTrue(f.names().get(0).startsWith("unet.") && f.metadata().containsKey("lora_adapter_metadata"), f.names().get(0));
        }
        var full = InspectCommandTest.run(personalize(tmp.resolve("f"), 2, "--preset", "dreambooth-full").toArray(new String[0]));
        assertEquals(0, full.code(), full.err());
        assertTrue(full.out().contains("trained full"), full.out());
    }

    @Test
    void badInputsAreClearErrors() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        List<String> a = personalize(tmp.resolve("e"), 2);
        a.set(a.indexOf(SUBJECT.toString()), empty.toString());
        var r = InspectCommandTest.run(a.toArray(new String[0]));
        assertEquals(1, r.code());
        assertTrue(r.err().contains(empty.toString()) && r.err().contains("no images"), r.err());
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("x.png"), new byte[]{1, 2, 3});
        a.set(a.indexOf(empty.toString()), bad.toString());
        r = InspectCommandTest.run(a.toArray(new String[0]));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("x.png"), r.err());
        r = InspectCommandTest.run(personalize(tmp.resolve("e2"), 2, "--input", "FFN_out", "--output", "SA_in").toArray(new String[0]));
        assertTrue(r.err().contains("valid outputs for FFN_out: [Trans_out]"), r.err());
    }

    /** A training process killed mid-run and resumed ends with the same adapter, bit for bit, as one never killed. */
    @Test
    void killedRunResumesToTheSameAdapter() throws Exception {
        Path a = tmp.resolve("uninterrupted"), b = tmp.resolve("killed");
        assertEquals(0, java(personalize(a, 150, "--checkpoint-every", "10")).waitFor(120, TimeUnit.SECONDS) ? 0 : 1);
        Process p = java(personalize(b, 150, "--checkpoint-every", "10"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(b.resolve("checkpoints/step-000030")) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(20);
        assertTrue(p.isAlive(), "the run finished before it could be killed; make it longer");
        p.destroyForcibly().waitFor();
        assertTrue(!Files.exists(b.resolve("adapter.safetensors")), "killed before the end");
        Process resumed = java(personalize(b, 150, "--checkpoint-every", "10", "--resume"));
        assertTrue(resumed.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, resumed.exitValue(), new String(resumed.getInputStream().readAllBytes()));
        try (SafetensorsFile x = SafetensorsFile.open(a.resolve("adapter.safetensors")); SafetensorsFile y = SafetensorsFile.open(b.resolve("adapter.safetensors"))) {
            assertEquals(x.names(), y.names());
            for (String n : x.names()) assertArrayEquals(x.floats(n), y.floats(n), n);
        }
        assertEquals(150, lines(b.resolve("loss.jsonl")));
    }

    private static Process java(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dpetal.threads=2", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        return pb.start();
    }

    private static int lines(Path f) {
        try {
            return Files.readAllLines(f).size();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
