package dev.petal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.schedulers.Sampler;
import dev.petal.schedulers.Samplers;
import dev.petal.tensor.NoGrad;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fixture StableDiffusionPipeline run (DDIM 8 steps, CFG 5) reproduced end to end: ids, embeddings, every step, image. */
class PipelineParityTest {
    @TempDir
    static Path tmp;
    static StableDiffusion sd;

    @BeforeAll
    static void load() {
        sd = StableDiffusion.load(PipelineFixture.materialize(tmp.resolve("pipe")));
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws Exception {
        JsonNode meta = new ObjectMapper().readTree(Fixtures.sd().resolve("pipeline/meta.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.get("cases").fields(); it.hasNext(); ) {
            var c = it.next();
            tests.add(DynamicTest.dynamicTest(c.getKey(), () -> check(c.getKey(), c.getValue(), meta.get("settings"))));
        }
        return tests.stream();
    }

    private void check(String name, JsonNode c, JsonNode settings) {
        String prompt = c.get("prompt").asText();
        String negative = c.get("negative_prompt").isNull() ? "" : c.get("negative_prompt").asText();
        try (SafetensorsFile io = SafetensorsFile.open(Fixtures.sd().resolve("pipeline/io.safetensors")); NoGrad g = NoGrad.open()) {
            PromptEncoder enc = new PromptEncoder(sd.tokenizer(), sd.textEncoder(), 0);
            assertArrayEquals(io.longs(name + ".input_ids_cond"), Tensors.toLongs(enc.ids(List.of(prompt))), "cond ids");
            assertArrayEquals(io.longs(name + ".input_ids_uncond"), Tensors.toLongs(enc.ids(List.of(negative))), "uncond ids");
            Tensor cond = enc.encode(List.of(prompt)), uncond = enc.encode(List.of(negative));
            Parity.assertClose(name + " prompt_embeds_cond", cond, io, name + ".prompt_embeds_cond", 1e-4);
            Parity.assertClose(name + " prompt_embeds_uncond", uncond, io, name + ".prompt_embeds_uncond", 1e-4);
            try (Sampler s = Samplers.create(sd.schedulerConfig(), settings.get("num_inference_steps").asInt())) {
                long[] expectedT = new long[c.get("timesteps").size()];
                for (int i = 0; i < expectedT.length; i++) expectedT[i] = c.get("timesteps").get(i).asLong();
                long[] actualT = new long[s.numSteps()];
                for (int i = 0; i < actualT.length; i++) actualT[i] = (long) s.timesteps()[i];
                assertArrayEquals(expectedT, actualT, "timesteps");
                Tensor x0 = Tensors.load(io, name + ".latents_init").mul(new Scalar(s.initNoiseSigma()));
                Tensor fin = TextToImage.denoise(sd, s, x0, cond, uncond, settings.get("guidance_scale").asDouble(), (i, raw, x) -> {
                    String nn = String.format("%02d", i);
                    Parity.assertClose(name + " unet_out_step" + nn, raw, io, name + ".unet_out_step" + nn, 5e-4);
                    Parity.assertClose(name + " latents_after_step" + nn, x, io, name + ".latents_after_step" + nn, 5e-4);
                });
                Parity.assertClose(name + " final_latents", fin, io, name + ".final_latents", 5e-4);
                Parity.assertClose(name + " vae_decode_raw", TextToImage.decodeRaw(sd, fin), io, name + ".vae_decode_raw", 5e-4);
                Parity.assertClose(name + " image", TextToImage.decode(sd, fin), io, name + ".image_pt_0_1", 5e-4);
            }
        }
        assertEquals(24, settings.get("width").asInt());
    }
}
