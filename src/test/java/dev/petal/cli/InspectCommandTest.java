package dev.petal.cli;

import dev.petal.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void listsTensorsAndMetadata() {
        Result r = run("inspect", Fixtures.sd().resolve("lora/kohya/lora_kohya.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ss_network_alpha = 6.0"), r.out());
        assertTrue(r.out().contains("lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_out_0.alpha"), r.out());
        assertTrue(r.out().contains("96 tensors"), r.out());
    }

    @Test
    void inspectsAModelFolder() {
        Result r = run("inspect", Fixtures.sd().resolve("unet/tiny/model").toString(), "--filter", "conv_in");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv_in.weight") && r.out().contains("[32, 4, 3, 3]"), r.out());
    }

    @Test
    void missingFileIsAClearError() {
        Result r = run("inspect", "/nonexistent/x.safetensors");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("/nonexistent/x.safetensors") && r.err().contains("not found"), r.err());
    }

    @Test
    void versionAndHelp() {
        Result v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().contains("libtorch 2.10.0"), v.out());
        Result h = run("--help");
        assertTrue(h.out().contains("inspect"), h.out());
    }
}
