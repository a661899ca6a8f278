package dev.petal.models.unet;

import dev.petal.Fixtures;
import dev.petal.Parity;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Adapters;
import dev.petal.tensor.Tensors;
import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checkpointed backward ≡ plain backward: same loss, same gradient for every trainable parameter. */
class GradientCheckpointingTest {
    @ParameterizedTest(name = "{0} {1}×{1} adapters={2}")
    @CsvSource({"tiny, 12, false", "tiny, 11, false", "tiny, 12, true", "sd15_style, 12, false", "sd2_style, 8, false", "sd2_style, 8, true"})
    void gradientsEqualThePlainBackward(String cfg, int size, boolean adapters) {
        UNet2DConditionModel unet = UNet2DConditionModel.load(Fixtures.sd().resolve("unet/" + cfg + "/model"));
        if (adapters) {
            Torch.seed(1);
            Adapters.attach(unet, new AdapterSpec(dev.petal.adapters.Position.RES_IN, dev.petal.adapters.Position.RES_OUT,
                    dev.petal.adapters.Activation.RELU, 1, 3, null, null));
        } else {
            unet.unfreeze("*");
        }
        Torch.seed(2);
        long ctxDim = unet.config.crossAttentionDim();
        Tensor sample = torch.randn(2, 4, size, size), ctx = torch.randn(2, 7, ctxDim), target = torch.randn(2, 4, size, size);
        Tensor t = Tensors.fromLongs(new long[]{10, 900}, 2);
        Function<Tensor, Tensor> loss = out -> torch.mse_loss(out, target);

        Tensor plain = loss.apply(unet.forward(sample, t, ctx));
        plain.backward();
        Map<String, float[]> expected = grads(unet);
        zero(unet);
        Tensor ckpt = GradientCheckpointing.lossAndBackward(unet, sample, t, ctx, loss);
        Map<String, float[]> actual = grads(unet);

        assertEquals(plain.item_double(), ckpt.item_double(), 1e-7);
        assertEquals(expected.keySet(), actual.keySet());
        assertTrue(expected.size() > 0);
        for (String k : expected.keySet()) Parity.assertClose(cfg + " grad " + k, actual.get(k), expected.get(k), 1e-5);
    }

    private static Map<String, float[]> grads(UNet2DConditionModel unet) {
        Map<String, float[]> out = new LinkedHashMap<>();
        unet.namedParameters().forEach((n, p) -> {
            if (p.requires_grad() && p.grad().defined()) out.put(n, Tensors.toFloats(p.grad()));
        });
        return out;
    }

    private static void zero(UNet2DConditionModel unet) {
        for (Tensor p : unet.namedParameters().values()) if (p.grad().defined()) p.grad().zero_();
    }
}
