package dev.petal.eval.features;

import java.util.function.Supplier;

/** A value computed on first use (a model's weights: a fully cached evaluation never loads them). */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> supplier;
    private T value;

    public Lazy(Supplier<T> supplier) {
        this.supplier = supplier;
    }

    @Override
    public synchronized T get() {
        if (supplier != null) {
            value = supplier.get();
            supplier = null;
        }
        return value;
    }
}
