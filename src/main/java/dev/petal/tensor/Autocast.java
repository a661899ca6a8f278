package dev.petal.tensor;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.DeviceType;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.Locale;

/**
 * Mixed precision for a forward pass, as {@code torch.autocast}: matmuls and convolutions run in bf16 or fp16,
 * reductions and losses in fp32, weights stay fp32 (so adapters train in fp32). Restores the previous state when
 * closed. {@code "no"} does nothing.
 */
public final class Autocast implements AutoCloseable {
    private final DeviceType type;
    private final boolean wasEnabled;
    private final ScalarType previous;
    private final boolean active;

    private Autocast(DeviceType type, ScalarType dtype) {
        this.type = type;
        this.active = dtype != null;
        this.wasEnabled = active && torch.is_autocast_enabled(type);
        this.previous = active ? torch.get_autocast_dtype(type) : null;
        if (active) {
            torch.set_autocast_dtype(type, dtype);
            torch.set_autocast_enabled(type, true);
        }
    }

    /** {@code mode}: no, bf16 or fp16 (fp16 is meant for CUDA; CPU autocast uses bf16). */
    public static Autocast open(Device device, String mode) {
        return new Autocast(device.is_cuda() ? DeviceType.CUDA : DeviceType.CPU, dtype(mode));
    }

    public static ScalarType dtype(String mode) {
        return switch (mode == null ? "no" : mode.toLowerCase(Locale.ROOT)) {
            case "no", "fp32", "none" -> null;
            case "bf16" -> ScalarType.BFloat16;
            case "fp16" -> ScalarType.Half;
            default -> throw new IllegalArgumentException("unknown --mixed-precision '" + mode + "' (no, bf16, fp16)");
        };
    }

    @Override
    public void close() {
        if (!active) return;
        torch.set_autocast_enabled(type, wasEnabled);
        torch.set_autocast_dtype(type, previous);
        if (!wasEnabled) torch.clear_cache(); // the autocast weight cache
    }
}
