package dev.petal.cli;

import dev.petal.adapters.AdapterFile;
import dev.petal.adapters.AdapterSpec;
import dev.petal.adapters.Adapters;
import dev.petal.adapters.BlockSelection;
import dev.petal.adapters.Position;
import dev.petal.models.unet.UNet2DConditionModel;
import dev.petal.models.unet.UNetConfig;
import dev.petal.nn.Init;
import org.bytedeco.pytorch.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Set;

/** {@code petal adapters count|info|positions|probe}: the design space, its parameter costs, adapter files, what each position carries. */
@Command(name = "adapters", mixinStandardHelpOptions = true, description = "Inspect the adapter design space and adapter files.",
        subcommands = {AdaptersCommand.Count.class, AdaptersCommand.Info.class, AdaptersCommand.Positions.class, AdaptersCommand.Probe.class})
public final class AdaptersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The adapter options shared by commands that build an {@link AdapterSpec}. */
    public static final class SpecOptions {
        @Option(names = "--input", defaultValue = "CA_out", description = "input position (default: ${DEFAULT-VALUE})")
        String input;
        @Option(names = "--output", defaultValue = "FFN_in", description = "output position (default: ${DEFAULT-VALUE})")
        String output;
        @Option(names = "--activation", defaultValue = "relu", description = "relu, sigmoid, silu, identity (default: ${DEFAULT-VALUE})")
        String activation;
        @Option(names = "--scale", defaultValue = "1", description = "adapter scale s (default: ${DEFAULT-VALUE})")
        double scale;
        @Option(names = "--rank", defaultValue = "60", description = "bottleneck width r (default: ${DEFAULT-VALUE})")
        int rank;
        @Option(names = "--init", defaultValue = "paper", description = "paper (PyTorch default) or zero-up (default: ${DEFAULT-VALUE})")
        String init;
        @Option(names = "--blocks", split = ",", description = "only these parts: down, mid, up")
        Set<String> parts;
        @Option(names = "--levels", split = ",", description = "only these resolution levels (0 = highest resolution)")
        Set<Integer> levels;

        public AdapterSpec toSpec() {
            return new AdapterSpec(Position.parse(input), Position.parse(output), dev.petal.adapters.Activation.parse(activation),
                    scale, rank, init, new BlockSelection(parts, levels));
        }
    }

    @Command(name = "count", mixinStandardHelpOptions = true, description = "Parameter count of an adapter configuration on a UNet config.")
    static final class Count implements Runnable {
        @Option(names = "--unet-config", required = true, description = "a diffusers UNet config.json")
        Path config;
        @Mixin
        SpecOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            AdapterSpec s = options.toSpec();
            UNetConfig c = UNetConfig.load(config);
            // the meta device gives shapes without memory: SD-sized UNets are counted instantly
            Device meta = new Device("meta");
            UNet2DConditionModel unet = Init.onDevice(meta, () -> new UNet2DConditionModel(c));
            long base = unet.parameterCount();
            Adapters.Attached a = Init.onDevice(meta, () -> Adapters.attach(unet, s));
            spec.commandLine().getOut().printf("%s: %,d parameters in %d adapters = %.3f %% of the base UNet (%,d)%n",
                    s.describe(), a.parameterCount(), a.count(), 100.0 * a.parameterCount() / base, base);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Spec, base model and training settings of an adapter file.")
    static final class Info implements Runnable {
        @Parameters(paramLabel = "FILE")
        Path file;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            AdapterFile.Info i = AdapterFile.info(file);
            var out = spec.commandLine().getOut();
            out.println("adapter:  " + i.spec().describe() + " (init " + i.spec().init() + ", blocks " + i.spec().blocks() + ")");
            out.println("base:     UNet config hash " + i.baseHash());
            out.println("training: " + i.training());
            out.println("petal:    " + i.petalVersion());
        }
    }

    @Command(name = "positions", mixinStandardHelpOptions = true, description = "The valid input → output cells of the design space.")
    static final class Positions implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            int n = 0;
            for (Position in : Position.values()) {
                spec.commandLine().getOut().printf("%-9s → %s%n", in.label(), Position.labels(in.validOutputs()));
                n += in.validOutputs().size();
            }
            spec.commandLine().getOut().println(n + " cells");
        }
    }

    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = {"What an adapter would read at each position of a model: RMS and spatial variation (RMS of the deviation",
                    "from the mean over positions, / RMS) of every tap point, from one forward pass on noise. A variation near 0",
                    "means an adapter reading there can only add a per-image constant."})
    static final class Probe implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--model", required = true, description = "a diffusers pipeline folder")
        Path model;
        @Option(names = "--prompt", defaultValue = "an emoji of a cat face", description = "the text context (default: ${DEFAULT-VALUE})")
        String prompt;
        @Option(names = "--timestep", defaultValue = "500", description = "diffusion timestep of the noisy input (default: ${DEFAULT-VALUE})")
        int timestep;
        @Option(names = "--seed", defaultValue = "0")
        long seed;
        @Option(names = "--blocks", description = "print every block, not only the mean per position")
        boolean perBlock;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            var sd = dev.petal.pipeline.StableDiffusion.load(model);
            var out = spec.commandLine().getOut();
            var rows = dev.petal.adapters.TapProbe.forPrompt(sd, prompt, timestep, seed);
            if (perBlock) {
                for (var r : rows) out.printf("%-48s %-9s rms %8.4f  spatial variation %.3f%n", r.block(), label(r.point()), r.rms(), r.spatialVariation());
                out.println();
            }
            out.printf("mean spatial variation per position (prompt \"%s\", t = %d):%n", prompt, timestep);
            dev.petal.adapters.TapProbe.meanVariation(rows).forEach((p, v) -> out.printf("  %-9s %.3f%n", label(p), v));
            return 0;
        }

        private static String label(dev.petal.models.unet.TapPoint p) {
            for (Position pos : Position.values()) if (pos.tap() == p) return pos.label();
            return p.name();
        }
    }
}
