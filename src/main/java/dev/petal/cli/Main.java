package dev.petal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code petal}: the command-line entry point. Each subcommand is its own class; this one only registers them.
 */
@Command(name = "petal",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Parameter-efficient tuning of Stable Diffusion on the JVM.",
        subcommands = {DemoCommand.class, GenerateCommand.class, TrainCommand.class, StudyCommand.class, EvalCommand.class, InspectCommand.class, AdaptersCommand.class, BenchCommand.class, DataCommand.class, PretrainCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line on the standard streams and returns the exit code. */
    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command line with the given output streams and returns the exit code (tests call this). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + messageOf(ex)));
            if (Boolean.getBoolean("petal.debug")) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    private static String messageOf(Throwable ex) {
        String m = ex.getMessage();
        return m == null ? ex.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
