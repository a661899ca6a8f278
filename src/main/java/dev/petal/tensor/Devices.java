package dev.petal.tensor;

import org.bytedeco.pytorch.Device;

/** Device names as users write them: {@code cpu}, {@code cuda}, {@code cuda:1}, or {@code auto}. */
public final class Devices {
    private Devices() {
    }

    public static Device parse(String name) {
        Torch.init();
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("auto")) return Torch.cudaAvailable() ? new Device("cuda") : new Device("cpu");
        if (!n.equals("cpu") && !n.matches("cuda(:\\d+)?")) {
            throw new IllegalArgumentException("unknown device '" + name + "' (use cpu, cuda, cuda:N or auto)");
        }
        if (n.startsWith("cuda") && !Torch.cudaAvailable()) {
            throw new IllegalArgumentException("device '" + name + "' requested but CUDA is not available: build with "
                    + "`mvn -Pcuda package` on a machine with CUDA 13 + cuDNN 9, or use --device cpu");
        }
        return new Device(n);
    }

    public static String name(Device d) {
        return d.is_cuda() ? "cuda:" + Math.max(0, d.index()) : "cpu";
    }
}
