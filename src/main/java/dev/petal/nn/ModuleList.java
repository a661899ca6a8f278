package dev.petal.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An indexed list of modules named "0", "1", …, as nn.ModuleList. */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    public M add(M module) {
        registerModule(Integer.toString(items.size()), module);
        items.add(module);
        return module;
    }

    public M get(int i) {
        return items.get(i);
    }

    public int size() {
        return items.size();
    }

    public List<M> items() {
        return Collections.unmodifiableList(items);
    }

    @Override
    public Iterator<M> iterator() {
        return items().iterator();
    }
}
