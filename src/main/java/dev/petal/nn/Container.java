package dev.petal.nn;

/** A module with no computation of its own, only named children: for nesting names like {@code ff.net.0.proj}. */
public final class Container extends Module {
    public <M extends Module> M add(String name, M module) {
        return registerModule(name, module);
    }
}
