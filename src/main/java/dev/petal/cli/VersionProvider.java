package dev.petal.cli;

import dev.petal.Petal;
import dev.petal.tensor.Torch;
import picocli.CommandLine;

/** {@code petal --version}: Petal, the backend and the runtime settings. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{
                "petal " + Petal.version(),
                Torch.version(),
                "java " + Runtime.version() + ", threads " + Torch.threads() + " (BLAS " + Torch.blasThreads()
                        + "), allocator " + Torch.allocator()
        };
    }
}
