package dev.petal.pretrain;

import dev.petal.cli.Main;
import dev.petal.models.vae.AutoencoderKL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code petal pretrain}: the emoji-tiny preset end to end for one VAE step, and clear errors for bad options. */
@ExtendWith(OneTorchThread.class)
class PretrainCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() {
        data = TinyPretrain.data(tmp.resolve("data"), 2, 1);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void vaeStageOfTheEmojiTinyPresetRuns() {
        Path out = tmp.resolve("vae");
        Result r = run("pretrain", "vae", "--data", data.toString(), "--out", out.toString(), "--steps", "1", "--batch-size", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("held-out PSNR all"), r.out());
        AutoencoderKL vae = AutoencoderKL.load(out.resolve("vae"));
        assertEquals(4, vae.config.downscale(), "emoji-tiny: 64×64 → 16×16×4");
        assertEquals(4, vae.config.latentChannels());
    }

    @Test
    void badOptionsAreClearErrors() {
        String d = data.toString(), o = tmp.resolve("x").toString();
        assertError(run("pretrain", "vae", "--preset", "huge", "--data", d, "--out", o), "unknown preset 'huge'");
        assertError(run("pretrain", "vae", "--data", d, "--out", o, "--steps", "0"), "--steps must be ≥ 1");
        assertError(run("pretrain", "vae", "--data", d, "--out", o, "--lr", "-1"), "--lr must be positive");
        assertError(run("pretrain", "vae", "--data", tmp.resolve("nope").toString(), "--out", o), "petal data emoji --out");
        assertError(run("pretrain", "vae", "--data", tmp.toString(), "--out", o), "no noto/train/metadata.jsonl");
        assertError(run("pretrain", "unet", "--data", d, "--out", o, "--text-encoder", o), "Missing required option: '--vae");
        assertError(run("pretrain", "unet", "--data", d, "--out", o, "--vae", o, "--text-encoder", o), "--vae " + o + ": no config.json");
        assertError(run("pretrain", "unet", "--data", d, "--out", o, "--vae", o, "--text-encoder", o, "--steps", "3000", "--until", "0"),
                "--until 0 must be between 1 and --steps 3000");
        assertError(run("pretrain", "unet", "--data", d, "--out", o, "--vae", o, "--text-encoder", o, "--steps", "3000", "--until", "3001"),
                "--until 3001 must be between 1 and --steps 3000");
    }

    private static void assertError(Result r, String fragment) {
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains(fragment), "expected «" + fragment + "» in: " + r.err());
    }
}
