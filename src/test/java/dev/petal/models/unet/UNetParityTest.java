package dev.petal.models.unet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.safetensors.SafetensorsFile;
import dev.petal.tensor.Tensors;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every UNet fixture folder ({@code unet/<cfg>/}: model/, io.safetensors, meta.json) loads unchanged and
 * reproduces diffusers' outputs, hooked activations and gradients at 1e-4.
 */
class UNetParityTest {
    static final double TOL = 1e-4;

    @TestFactory
    Stream<DynamicNode> everyUNetFixture() throws IOException {
        Path root = Fixtures.sd().resolve("unet");
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(p -> Files.isDirectory(p.resolve("model"))).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no UNet fixtures under " + root);
        return cases.stream().map(dir -> DynamicContainer.dynamicContainer(dir.getFileName().toString(), checks(dir)));
    }

    private Stream<DynamicNode> checks(Path dir) {
        UNet2DConditionModel model = UNet2DConditionModel.load(dir.resolve("model"));
        model.eval();
        List<DynamicNode> tests = new ArrayList<>();
        for (String c : List.of("timesteps_int", "timesteps_float", "timestep_scalar")) {
            tests.add(DynamicTest.dynamicTest("out." + c, () -> {
                try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
                    Tensor out = model.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in." + c),
                            Tensors.load(io, "in.encoder_hidden_states"));
                    Parity.assertClose(dir.getFileName() + " out." + c, out, io, "out." + c, TOL);
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("activations", () -> {
            try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
                Map<String, Tensor> trace = new LinkedHashMap<>();
                model.forward(Tensors.load(io, "in.sample"), Tensors.load(io, "in.timesteps_int"),
                        Tensors.load(io, "in.encoder_hidden_states"), trace);
                int checked = 0;
                for (String name : io.names()) {
                    if (!name.startsWith("act.")) continue;
                    String module = name.substring(4);
                    assertTrue(trace.containsKey(module), "no activation recorded for " + module);
                    Parity.assertClose(dir.getFileName() + " " + name, trace.get(module), io, name, TOL);
                    checked++;
                }
                assertTrue(checked >= 6, "too few act.* tensors checked: " + checked);
            }
        }));
        tests.add(DynamicTest.dynamicTest("gradients", () -> gradients(dir, model)));
        return tests.stream();
    }

    private void gradients(Path dir, UNet2DConditionModel model) throws IOException {
        JsonNode meta = new ObjectMapper().readTree(dir.resolve("meta.json").toFile());
        try (SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            Tensor sample = Tensors.load(io, "in.sample").requires_grad_(true);
            Tensor context = Tensors.load(io, "in.encoder_hidden_states").requires_grad_(true);
            for (Tensor p : model.namedParameters().values()) {
                if (p.grad().defined()) p.grad().zero_();
            }
            Tensor out = model.forward(sample, Tensors.load(io, "in.timesteps_int"), context);
            Tensor loss = out.mul(Tensors.load(io, "in.grad_weight")).sum();
            Parity.assertClose("loss", loss, io, "loss", TOL);
            loss.backward();
            Parity.assertClose("grad.sample", sample.grad(), io, "grad.sample", TOL);
            Parity.assertClose("grad.encoder_hidden_states", context.grad(), io, "grad.encoder_hidden_states", TOL);
            Map<String, Tensor> params = model.namedParameters();
            int n = 0;
            for (JsonNode p : meta.get("grad_params")) {
                String name = p.asText();
                assertTrue(params.containsKey(name), "model has no parameter " + name);
                Parity.assertClose("grad.param." + name, params.get(name).grad(), io, "grad.param." + name, TOL);
                n++;
            }
            assertTrue(n > 0);
        }
    }
}
