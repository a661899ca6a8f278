package dev.petal.tensor;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * Frees every native object (tensors, option objects, vectors) created inside it when closed, so that a loop
 * of training or sampling steps keeps a flat native footprint. Results that must outlive the scope are
 * {@link #keep kept}.
 *
 * <pre>{@code
 * for (int step = 0; step < n; step++) {
 *     try (Scope s = Scope.open()) {
 *         Tensor loss = model.loss(batch);
 *         loss.backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private final PointerScope outer;
    private final PointerScope scope;

    private Scope() {
        Torch.init();
        this.outer = PointerScope.getInnerScope();
        this.scope = new PointerScope();
    }

    public static Scope open() {
        return new Scope();
    }

    /** Moves a pointer out of this scope into the enclosing one (or none): it survives {@link #close()}. */
    public <P extends Pointer> P keep(P pointer) {
        pointer.retainReference();   // detach() releases a reference: hold one so the pointer survives it
        scope.detach(pointer);
        if (outer != null) {
            outer.attach(pointer);    // the enclosing scope now owns it
            pointer.releaseReference();
        }
        return pointer;
    }

    /**
     * Runs {@code f} in its own scope and keeps only its result: every intermediate tensor it created is released
     * at once (autograd keeps what backward needs), so a network's peak memory is one block's intermediates, not
     * the sum over all blocks.
     */
    public static org.bytedeco.pytorch.Tensor run(java.util.function.Supplier<org.bytedeco.pytorch.Tensor> f) {
        try (Scope s = open()) {
            return s.keep(f.get());
        }
    }

    @Override
    public void close() {
        scope.close();
    }
}
