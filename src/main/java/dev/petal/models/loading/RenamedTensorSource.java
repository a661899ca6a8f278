package dev.petal.models.loading;

import dev.petal.safetensors.SafetensorsException;
import dev.petal.safetensors.TensorEntry;
import dev.petal.safetensors.TensorSource;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A view of a {@link TensorSource} under other names (nothing is copied), so a checkpoint written with old key
 * names loads through the ordinary {@code Module.loadStateDict(TensorSource, …)}. Closing the view closes the source.
 */
public final class RenamedTensorSource implements TensorSource {
    private final TensorSource source;
    private final Map<String, String> originals = new LinkedHashMap<>(); // new name → stored name

    public RenamedTensorSource(TensorSource source, UnaryOperator<String> rename) {
        this.source = source;
        for (String stored : source.names()) {
            String renamed = rename.apply(stored);
            String clash = originals.put(renamed, stored);
            if (clash != null) {
                throw new SafetensorsException(source.path() + ": tensors '" + clash + "' and '" + stored
                        + "' would both be named '" + renamed + "'");
            }
        }
    }

    @Override
    public Path path() {
        return source.path();
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(originals.keySet());
    }

    @Override
    public Map<String, String> metadata() {
        return source.metadata();
    }

    @Override
    public TensorEntry find(String name) {
        String stored = originals.get(name);
        TensorEntry e = stored == null ? null : source.find(stored);
        return e == null ? null : new TensorEntry(name, e.dtype(), e.shape(), e.begin(), e.end());
    }

    @Override
    public MemorySegment bytes(String name) {
        String stored = originals.get(name);
        if (stored == null) entry(name); // throws the usual "no such tensor" error
        return source.bytes(stored);
    }

    @Override
    public void close() {
        source.close();
    }
}
