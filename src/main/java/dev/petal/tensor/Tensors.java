package dev.petal.tensor;

import dev.petal.safetensors.DType;
import dev.petal.safetensors.SafetensorsException;
import dev.petal.safetensors.SafetensorsWriter;
import dev.petal.safetensors.TensorEntry;
import dev.petal.safetensors.TensorSource;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.LongArrayRef;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Conversions between libtorch tensors, Java arrays and safetensors files. */
public final class Tensors {
    private Tensors() {
    }

    // ---- dtypes -------------------------------------------------------------------------------------

    /** The libtorch scalar type of a safetensors dtype. */
    public static ScalarType scalarType(DType d) {
        return switch (d) {
            case F64 -> ScalarType.Double;
            case F32 -> ScalarType.Float;
            case F16 -> ScalarType.Half;
            case BF16 -> ScalarType.BFloat16;
            case I64 -> ScalarType.Long;
            case I32 -> ScalarType.Int;
            case I16 -> ScalarType.Short;
            case I8 -> ScalarType.Char;
            case U8 -> ScalarType.Byte;
            case BOOL -> ScalarType.Bool;
        };
    }

    /** The safetensors dtype of a tensor (native enums are compared by value, never by identity). */
    public static DType dtype(Tensor t) {
        int v = t.scalar_type().value;
        for (DType d : DType.values()) if (scalarType(d).value == v) return d;
        throw new IllegalArgumentException("tensor dtype " + t.scalar_type() + " has no safetensors equivalent");
    }

    public static boolean isFloat32(Tensor t) {
        return t.scalar_type().value == ScalarType.Float.value;
    }

    public static TensorOptions options(ScalarType type, Device device) {
        TensorOptions o = new TensorOptions(type);
        return device == null ? o : o.device(new org.bytedeco.pytorch.DeviceOptional(device));
    }

    // ---- shapes -------------------------------------------------------------------------------------

    public static long[] shape(Tensor t) {
        LongArrayRef s = t.sizes();
        long[] out = new long[(int) s.size()];
        for (int i = 0; i < out.length; i++) out[i] = s.get(i);
        return out;
    }

    public static String shapeString(Tensor t) {
        return Arrays.toString(shape(t));
    }

    // ---- Java arrays --------------------------------------------------------------------------------

    public static Tensor fromFloats(float[] data, long... shape) {
        Torch.init();
        Tensor t = torch.empty(shape, options(ScalarType.Float, null), null);
        checkNumel(t, data.length);
        MemorySegment.copy(data, 0, segment(t), ValueLayout.JAVA_FLOAT, 0, data.length);
        return t;
    }

    public static Tensor fromDoubles(double[] data, long... shape) {
        Torch.init();
        Tensor t = torch.empty(shape, options(ScalarType.Double, null), null);
        checkNumel(t, data.length);
        MemorySegment.copy(data, 0, segment(t), ValueLayout.JAVA_DOUBLE, 0, data.length);
        return t;
    }

    public static Tensor fromLongs(long[] data, long... shape) {
        Torch.init();
        Tensor t = torch.empty(shape, options(ScalarType.Long, null), null);
        checkNumel(t, data.length);
        MemorySegment.copy(data, 0, segment(t), ValueLayout.JAVA_LONG, 0, data.length);
        return t;
    }

    /** The values as float32 (converted and moved to the CPU as needed). */
    public static float[] toFloats(Tensor t) {
        Tensor c = t.detach().to(new Device("cpu"), ScalarType.Float).contiguous();
        return segment(c).toArray(ValueLayout.JAVA_FLOAT);
    }

    public static double[] toDoubles(Tensor t) {
        Tensor c = t.detach().to(new Device("cpu"), ScalarType.Double).contiguous();
        return segment(c).toArray(ValueLayout.JAVA_DOUBLE);
    }

    public static long[] toLongs(Tensor t) {
        Tensor c = t.detach().to(new Device("cpu"), ScalarType.Long).contiguous();
        return segment(c).toArray(ValueLayout.JAVA_LONG);
    }

    /** The native bytes of a contiguous CPU tensor; valid while the tensor lives. */
    public static MemorySegment segment(Tensor t) {
        if (!t.is_contiguous() || t.device().is_cuda()) {
            throw new IllegalArgumentException("segment() needs a contiguous CPU tensor, got " + shapeString(t));
        }
        if (t.nbytes() == 0) return MemorySegment.NULL.reinterpret(0);
        return MemorySegment.ofAddress(t.data_ptr().address()).reinterpret(t.nbytes());
    }

    private static void checkNumel(Tensor t, int length) {
        if (t.numel() != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + shapeString(t));
        }
    }

    // ---- safetensors --------------------------------------------------------------------------------

    /** Loads one tensor in its stored dtype onto the CPU (a copy: the file may be closed afterwards). */
    public static Tensor load(TensorSource source, String name) {
        Torch.init();
        TensorEntry e = source.entry(name);
        Tensor t = torch.empty(e.shape(), options(scalarType(e.dtype()), null), null);
        if (e.byteLength() > 0) segment(t).copyFrom(source.bytes(name));
        return t;
    }

    /**
     * Loads one tensor converted to {@code type} (e.g. fp16/bf16 weights to fp32); integer tensors are refused
     * when a floating type is asked for, so a wrong key cannot silently become weights.
     */
    public static Tensor load(TensorSource source, String name, ScalarType type) {
        TensorEntry e = source.entry(name);
        boolean wantFloat = type.value == ScalarType.Float.value || type.value == ScalarType.Double.value
                || type.value == ScalarType.Half.value || type.value == ScalarType.BFloat16.value;
        if (wantFloat && !e.dtype().isFloatingPoint()) {
            throw new SafetensorsException(source.path() + ": tensor '" + name + "' is " + e.dtype()
                    + ", expected a floating-point tensor");
        }
        Tensor raw = load(source, name);
        return raw.scalar_type().value == type.value ? raw : raw.to(type);
    }

    /** Saves tensors atomically in the reference writer's order (byte-identical to Python's safetensors). */
    public static void save(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<SafetensorsWriter.Item> items = new ArrayList<>();
        List<Tensor> keepAlive = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor c = e.getValue().detach().to(new Device("cpu"), e.getValue().scalar_type()).contiguous();
            keepAlive.add(c);
            items.add(new SafetensorsWriter.Item(e.getKey(), dtype(c), shape(c), segment(c)));
        }
        SafetensorsWriter.write(file, SafetensorsWriter.referenceOrder(items), metadata);
        keepAlive.clear();
    }
}
