package dev.petal.safetensors;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Read access to named tensors stored in safetensors form: one file or a sharded checkpoint. Nothing is read
 * until a tensor is asked for; segments stay valid until {@link #close()}.
 */
public interface TensorSource extends AutoCloseable {

    /** Where the tensors come from (a file, or the index of a sharded checkpoint), for messages. */
    Path path();

    /** Tensor names in storage order. */
    List<String> names();

    /** The {@code __metadata__} map (merged over shards). */
    Map<String, String> metadata();

    /** The header entry, or null when absent. */
    TensorEntry find(String name);

    /** The raw little-endian bytes of a tensor (a view into the mapped file). */
    MemorySegment bytes(String name);

    @Override
    void close();

    default boolean contains(String name) {
        return find(name) != null;
    }

    /** The header entry; a clear error naming the file, the tensor and similar names when absent. */
    default TensorEntry entry(String name) {
        TensorEntry e = find(name);
        if (e == null) {
            List<String> similar = new ArrayList<>();
            String tail = name.substring(name.lastIndexOf('.') + 1);
            for (String n : names()) if (n.endsWith(tail) && similar.size() < 5) similar.add(n);
            throw SafetensorsException.at(path(), name, "no such tensor (" + names().size() + " tensors in file"
                    + (similar.isEmpty() ? "" : "; similar: " + similar) + ")");
        }
        return e;
    }

    /** A tensor's values as float32, converting from F64/F16/BF16 and from integer types. */
    default float[] floats(String name) {
        return ElementCodec.toFloats(entry(name), bytes(name));
    }

    /** A tensor's values as float64 (exact for every dtype except I64 beyond 2^53). */
    default double[] doubles(String name) {
        return ElementCodec.toDoubles(entry(name), bytes(name));
    }

    /** A tensor's values as int64: integer and BOOL dtypes only. */
    default long[] longs(String name) {
        return ElementCodec.toLongs(path(), entry(name), bytes(name));
    }
}
