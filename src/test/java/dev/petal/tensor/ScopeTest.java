package dev.petal.tensor;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {
    @Test
    void keptTensorsOutliveTheirScope() {
        Tensor kept;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                Tensor temp = torch.ones(3);
                kept = inner.keep(temp.mul(new org.bytedeco.pytorch.Scalar(2.0)));
            }
            assertArrayEquals(new float[]{2, 2, 2}, Tensors.toFloats(kept), "kept tensor is alive after the inner scope");
            Tensor survivor;
            try (Scope inner = Scope.open()) {
                survivor = inner.keep(torch.ones(2));
            }
            assertArrayEquals(new float[]{1, 1}, Tensors.toFloats(survivor));
        }
        Tensor top;
        try (Scope only = Scope.open()) {
            top = only.keep(torch.zeros(2));
        }
        assertTrue(!top.isNull());
        assertArrayEquals(new float[]{0, 0}, Tensors.toFloats(top), "kept out of the outermost scope: owned by Java");
    }
}
