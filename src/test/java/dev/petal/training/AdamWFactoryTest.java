package dev.petal.training;

import dev.petal.tensor.Torch;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWFactoryTest {
    @BeforeAll
    static void init() {
        Torch.init();
    }

    /** AdamW as PyTorch documents it (decoupled decay, bias-corrected moments), in double precision. */
    private static double[] reference(double p, double[] grads, double lr, double b1, double b2, double eps, double wd) {
        double m = 0, v = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            p *= 1 - lr * wd;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t)), vHat = v / (1 - Math.pow(b2, t));
            p -= lr * mHat / (Math.sqrt(vHat) + eps);
            out[t - 1] = p;
        }
        return out;
    }

    private static double[] libtorch(double[] grads, double lr, double b1, double b2, double eps, double wd) {
        Tensor p = torch.ones(1).to(torch.ScalarType.Double).requires_grad_(true);
        AdamW opt = AdamWFactory.create(List.of(p), lr, b1, b2, eps, wd);
        double[] out = new double[grads.length];
        for (int i = 0; i < grads.length; i++) {
            p.mul(new Scalar(grads[i])).sum().backward(); // dL/dp = grads[i]
            opt.step();
            opt.zero_grad();
            out[i] = p.item_double();
        }
        return out;
    }

    @Test
    void updatesFollowAdamWithTheRequestedBetas() {
        double[] grads = {1, -2, 0.5, 3, -0.25, 1.5};
        for (double[] betas : new double[][]{{0.9, 0.999}, {0.8, 0.95}, {0.5, 0.99}}) {
            double[] want = reference(1.0, grads, 0.1, betas[0], betas[1], 1e-8, 0.0);
            assertArrayEquals(want, libtorch(grads, 0.1, betas[0], betas[1], 1e-8, 0.0), 1e-12,
                    "betas " + betas[0] + ", " + betas[1]);
        }
    }

    @Test
    void swappedBetasWouldBeDetected() {
        // The trap this factory avoids: β1 and β2 exchanged give a different trajectory from the second step on.
        double[] grads = {1, -2, 0.5, 3};
        double[] right = reference(1.0, grads, 0.1, 0.9, 0.999, 1e-8, 0.0);
        double[] swapped = reference(1.0, grads, 0.1, 0.999, 0.9, 1e-8, 0.0);
        assertEquals(right[0], swapped[0], 1e-12);
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(right[1] - swapped[1]) > 1e-3);
        assertArrayEquals(right, libtorch(grads, 0.1, 0.9, 0.999, 1e-8, 0.0), 1e-12);
    }

    @Test
    void decoupledWeightDecayAndEps() {
        double[] grads = {0.3, 0.3, -0.1, 2};
        assertArrayEquals(reference(1.0, grads, 0.05, 0.9, 0.999, 1e-3, 0.1),
                libtorch(grads, 0.05, 0.9, 0.999, 1e-3, 0.1), 1e-12);
    }

    @Test
    void betasReadBackInOrder() {
        AdamWOptions o = new AdamWOptions(1e-3);
        o.betas().put(0, 0.999).put(1, 0.9);
        assertArrayEquals(new double[]{0.9, 0.999}, AdamWFactory.betasOf(o), 0.0);
    }
}
