package dev.petal.cli;

import dev.petal.study.Analysis;
import dev.petal.study.LocalRunner;
import dev.petal.study.Planner;
import dev.petal.study.ProcessExecutor;
import dev.petal.study.Results;
import dev.petal.study.KubernetesJob;
import dev.petal.study.SlurmSubmitter;
import dev.petal.study.StudyDir;
import dev.petal.study.StudyReport;
import dev.petal.study.StudySpec;
import dev.petal.study.Trial;
import dev.petal.tasks.StudyTrial;
import dev.petal.training.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code petal study plan|run|status|analyze|report|submit}: design-space studies. */
@Command(name = "study", mixinStandardHelpOptions = true, description = "Run a grid of adapter trainings and analyse which factor matters.",
        subcommands = {StudyCommand.Plan.class, StudyCommand.Run.class, StudyCommand.Status.class, StudyCommand.Analyze.class,
                StudyCommand.Report.class, StudyCommand.Submit.class, StudyCommand.TrialCmd.class})
public final class StudyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Expand a study spec into trials (writes spec.json, plan.json).")
    static final class Plan implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @Option(names = "--spec", description = "study spec (YAML/JSON; default STUDY_DIR/study.yaml)")
        Path specFile;
        @Option(names = "--preset", description = "paper-positions (the paper's 20 cells) or paper-forms (activation × scale on CA_out→FFN_in)")
        String preset;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path file = specFile != null ? specFile : dir.resolve("study.yaml");
            if (!Files.exists(file)) throw new IllegalArgumentException(file + ": no study spec (give --spec FILE)");
            StudySpec s = absolutePaths(StudySpec.read(file), file.toAbsolutePath().getParent());
            if (preset != null) s = withFactors(s, preset);
            Planner.Plan p = new StudyDir(dir).create(s);
            var out = spec.commandLine().getOut();
            out.printf("%s: %d valid cells × %d seeds = %d trials; %d cells skipped%n", s.name(), p.cells(), s.seeds().size(), p.trials().size(), p.skipped().size());
            p.skipped().forEach(k -> out.println("  skipped " + k));
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the study's pending trials (resumable; safe to start several).")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @Option(names = "--workers", defaultValue = "1", description = "trials in parallel (default: ${DEFAULT-VALUE})")
        int workers;
        @Option(names = "--retry-failed")
        boolean retryFailed;
        @Option(names = "--trial-index", description = "run only this trial (0-based; what a Slurm array task does)")
        Integer index;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StudyDir study = new StudyDir(dir);
            var out = spec.commandLine().getOut();
            int threads = Math.max(1, dev.petal.tensor.Torch.threads() / Math.max(1, workers));
            ProcessExecutor exec = new ProcessExecutor(threads, Main.class.getName());
            if (index != null) {
                List<Trial> trials = study.trials();
                if (index < 0 || index >= trials.size()) throw new IllegalArgumentException("--trial-index " + index + " out of range (0.." + (trials.size() - 1) + ")");
                LocalRunner.runOne(study, trials.get(index), retryFailed, exec, m -> { out.println(m); out.flush(); });
                return 0;
            }
            LocalRunner.Summary s = LocalRunner.run(study, workers, retryFailed, exec, m -> { out.println(m); out.flush(); });
            int rows = Results.gather(study);
            out.printf("ran %d, failed %d, already done %d, busy elsewhere %d; results.csv has %d rows%n",
                    s.ran(), s.failed(), s.skippedDone(), s.skippedBusy(), rows);
            return s.failed() > 0 ? 1 : 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Trials per state (reads the study folder; works for Slurm runs).")
    static final class Status implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @Option(names = "--list", description = "one line per trial")
        boolean list;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StudyDir study = new StudyDir(dir);
            var out = spec.commandLine().getOut();
            if (list) for (Trial t : study.trials()) out.printf("%-8s %s%n", study.status(t.id()), t.id());
            Map<StudyDir.Status, Integer> c = Results.counts(study);
            out.printf("%d trials: %d done, %d running, %d failed, %d pending%n", study.trials().size(), c.get(StudyDir.Status.DONE),
                    c.get(StudyDir.Status.RUNNING), c.get(StudyDir.Status.FAILED), c.get(StudyDir.Status.PENDING));
            return 0;
        }
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true, description = "ANOVA tables over the finished trials (writes analysis.txt).")
    static final class Analyze implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StudyDir study = new StudyDir(dir);
            Results.gather(study);
            spec.commandLine().getOut().print(Analysis.write(study));
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "HTML report: heatmap, box plots, ANOVA, best configurations, samples.")
    static final class Report implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StudyDir study = new StudyDir(dir);
            Analysis.write(study);
            spec.commandLine().getOut().println("report → " + StudyReport.write(study).toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit the study to a cluster: a Slurm job array (--slurm) or a Kubernetes Indexed Job (--k8s),",
                    "one task per trial, each running `petal study run STUDY --trial-index I`."})
    static final class Submit implements Callable<Integer> {
        @Parameters(paramLabel = "STUDY_DIR")
        Path dir;
        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--slurm", required = true, description = "submit with sbatch")
            boolean slurm;
            @Option(names = "--k8s", required = true, description = "write a Kubernetes Indexed Job manifest and apply it with kubectl")
            boolean k8s;
        }

        @Option(names = "--partition", description = "Slurm partition")
        String partition;
        @Option(names = "--gpus", description = "GPUs per task")
        Integer gpus;
        @Option(names = "--cpus-per-task", description = "CPU cores per task")
        Integer cpus;
        @Option(names = "--mem", description = "memory per task (Slurm: 16G; Kubernetes: 16Gi)")
        String mem;
        @Option(names = "--time", description = "Slurm time limit")
        String time;
        @Option(names = "--max-parallel", description = "at most this many tasks at once")
        Integer maxParallel;
        @Option(names = "--image", description = "Kubernetes: container image with petal on its PATH")
        String image;
        @Option(names = "--pvc", description = "Kubernetes: ReadWriteMany PersistentVolumeClaim holding the study folder")
        String pvc;
        @Option(names = "--mount", description = "Kubernetes: where the study folder is mounted in the pods (default: /study)")
        String mount;
        @Option(names = "--namespace", description = "Kubernetes namespace")
        String namespace;
        @Option(names = "--dry-run", description = "write the script or manifest but do not submit")
        boolean dryRun;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StudyDir study = new StudyDir(dir);
            var out = spec.commandLine().getOut();
            if (target.k8s) {
                if (partition != null || time != null) throw new IllegalArgumentException("--partition and --time are Slurm options; with --k8s use --cpus-per-task, --mem, --gpus");
                Path manifest = KubernetesJob.writeManifest(study, new KubernetesJob.Options(image, pvc, mount, namespace, maxParallel, cpus, mem, gpus, null));
                out.println("Kubernetes Indexed Job → " + manifest.toAbsolutePath());
                if (!dryRun) out.println(KubernetesJob.apply(manifest));
                return 0;
            }
            if (image != null || pvc != null || mount != null || namespace != null) {
                throw new IllegalArgumentException("--image, --pvc, --mount and --namespace are Kubernetes options; use them with --k8s");
            }
            String home = System.getProperty("petal.home");
            List<String> petal = home != null ? List.of(Path.of(home).resolve("petal").toAbsolutePath().toString())
                    : SlurmSubmitter.currentJava(Main.class.getName());
            Path script = SlurmSubmitter.writeScript(study, new SlurmSubmitter.Options(partition, gpus, cpus, mem, time, maxParallel), petal);
            out.println("sbatch script → " + script.toAbsolutePath());
            if (!dryRun) out.println("submitted job array " + SlurmSubmitter.submit(study, script) + " (" + study.trials().size() + " tasks)");
            return 0;
        }
    }

    @Command(name = "trial", hidden = true, description = "Run one trial in this process (used by the runners).")
    static final class TrialCmd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "STUDY_DIR")
        Path dir;
        @Parameters(index = "1", paramLabel = "TRIAL_ID")
        String id;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            StudyDir study = new StudyDir(dir);
            Trial t = study.trials().stream().filter(x -> x.id().equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no trial " + id + " in " + dir));
            var out = spec.commandLine().getOut();
            StudyTrial.run(study, t, new Trainer.Listener() {
                @Override
                public void onStep(Trainer.StepLog log) {
                    if (log.step() % 50 == 0) {
                        out.printf("step %d loss %.4f%n", log.step(), log.loss());
                        out.flush();
                    }
                }
            });
            return 0;
        }
    }

    /** Paths in the spec resolved against the spec file's folder, so trials run from anywhere. */
    static StudySpec absolutePaths(StudySpec s, Path base) {
        StudySpec.Task t = s.task();
        StudySpec.Task task = new StudySpec.Task(t.kind(), abs(base, t.instanceImages()), t.instancePrompt(), t.classPrompt(),
                abs(base, t.classImages()), t.numClassImages(), abs(base, t.data()), abs(base, t.evalData()), t.evalPrompts());
        return new StudySpec(s.name(), abs(base, s.model()), task, s.method(), s.factors(), s.seeds(), s.steps(), s.sampling(),
                s.metrics(), abs(base, s.evaluator()), s.train());
    }

    private static String abs(Path base, String p) {
        return p == null ? null : base.resolve(p).normalize().toString();
    }

    static StudySpec withFactors(StudySpec s, String preset) {
        Map<String, List<Object>> f = switch (preset) {
            case "paper-positions" -> Planner.paperPositions();
            case "paper-forms" -> {
                Map<String, List<Object>> m = new LinkedHashMap<>();
                m.put("input", List.of("CA_out"));
                m.put("output", List.of("FFN_in"));
                m.put("activation", List.of("relu", "sigmoid", "silu", "identity"));
                m.put("scale", List.of(0.5, 1, 2, 4));
                yield m;
            }
            default -> throw new IllegalArgumentException("unknown --preset '" + preset + "' (paper-positions, paper-forms)");
        };
        return new StudySpec(s.name(), s.model(), s.task(), s.method(), f, s.seeds(), s.steps(), s.sampling(), s.metrics(), s.evaluator(), s.train());
    }
}
