package dev.petal.study;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a study's trials with N workers. Each worker walks the plan and claims the next trial it can lock that has
 * no metrics.json; finished trials are never run again, a trial whose runner died is simply claimed again, and
 * several runners (here or on other machines sharing the folder) split the work without running a trial twice.
 * Failed trials leave error.txt and are retried only with {@code retryFailed}.
 */
public final class LocalRunner {
    /** Counts of one run. */
    public record Summary(int ran, int failed, int skippedDone, int skippedBusy) {
    }

    private LocalRunner() {
    }

    public static Summary run(StudyDir study, int workers, boolean retryFailed, TrialExecutor executor, Consumer<String> log) throws Exception {
        List<Trial> trials = study.trials();
        AtomicInteger ran = new AtomicInteger(), failed = new AtomicInteger(), done = new AtomicInteger(), busy = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        try {
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int w = 0; w < Math.max(1, workers); w++) {
                futures.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < trials.size(); ) {
                        Trial t = trials.get(i);
                        switch (runOne(study, t, retryFailed, executor, log)) {
                            case RAN -> ran.incrementAndGet();
                            case FAILED -> failed.incrementAndGet();
                            case DONE -> done.incrementAndGet();
                            case BUSY -> busy.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        return new Summary(ran.get(), failed.get(), done.get(), busy.get());
    }

    enum Outcome { RAN, FAILED, DONE, BUSY }

    /** Claims and runs one trial if it is neither finished nor held by another runner. */
    public static Outcome runOne(StudyDir study, Trial t, boolean retryFailed, TrialExecutor executor, Consumer<String> log) {
        var dir = study.trialDir(t.id());
        if (Files.exists(dir.resolve("metrics.json"))) return Outcome.DONE;
        try (TrialLock lock = TrialLock.tryAcquire(dir)) {
            if (lock == null) return Outcome.BUSY;
            if (Files.exists(dir.resolve("metrics.json"))) return Outcome.DONE; // finished while we waited
            if (!retryFailed && Files.exists(dir.resolve("error.txt"))) return Outcome.FAILED;
            Files.deleteIfExists(dir.resolve("error.txt"));
            log.accept("start  " + t.id());
            long t0 = System.nanoTime();
            try {
                executor.execute(study, t);
                if (!Files.exists(dir.resolve("metrics.json"))) throw new IllegalStateException("trial ended without metrics.json");
                log.accept(String.format("done   %s (%.0f s)", t.id(), (System.nanoTime() - t0) / 1e9));
                return Outcome.RAN;
            } catch (Exception e) {
                StringWriter sw = new StringWriter();
                e.printStackTrace(new PrintWriter(sw));
                StudyDir.writeAtomically(dir.resolve("error.txt"), sw.toString());
                log.accept("FAILED " + t.id() + ": " + e.getMessage());
                return Outcome.FAILED;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
