package dev.petal.cli;

import dev.petal.safetensors.Checkpoints;
import dev.petal.safetensors.TensorEntry;
import dev.petal.safetensors.TensorSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code petal inspect FILE}: the tensors (name, dtype, shape, size) and metadata of a safetensors checkpoint. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the tensors and metadata of a safetensors file, shard index or folder.")
public final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a .safetensors file, a .safetensors.index.json, or a folder with one")
    Path file;

    @Option(names = "--filter", description = "only tensors whose name contains this text")
    String filter;

    @Option(names = "--metadata-only", description = "print only the metadata")
    boolean metadataOnly;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (TensorSource src = Checkpoints.open(file)) {
            out.println(src.path());
            Map<String, String> meta = src.metadata();
            out.println(meta.isEmpty() ? "metadata: (none)" : "metadata:");
            meta.forEach((k, v) -> out.println("  " + k + " = " + abbreviate(v)));
            if (metadataOnly) return 0;
            long total = 0, bytes = 0;
            int shown = 0, width = 10;
            for (String n : src.names()) width = Math.max(width, Math.min(90, n.length()));
            out.printf("%-" + width + "s  %-5s  %-20s  %12s%n", "tensor", "dtype", "shape", "bytes");
            for (String name : src.names()) {
                TensorEntry e = src.entry(name);
                total += e.numel();
                bytes += e.byteLength();
                if (filter != null && !name.contains(filter)) continue;
                shown++;
                out.printf("%-" + width + "s  %-5s  %-20s  %12s%n", name, e.dtype(), e.shapeString(), human(e.byteLength()));
            }
            out.printf("%d tensors (%d shown), %,d elements, %s%n", src.names().size(), shown, total, human(bytes));
        }
        return 0;
    }

    private static String abbreviate(String v) {
        String oneLine = v.replace('\n', ' ');
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "… (" + v.length() + " chars)" : oneLine;
    }

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
