package dev.petal.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;
import java.util.Optional;

/**
 * A terminal progress bar (steps, rate, ETA and an extra message such as the loss) on standard error.
 * The bar is built at the first {@link #stepTo}, starting from the step before it, so a resumed run's
 * rate and ETA count only the steps done in this process (not the 3,750 restored from a checkpoint).
 */
final class Progress implements AutoCloseable {
    private final String task;
    private final long total;
    private final String unit;
    private ProgressBar bar;
    private String message = "";

    Progress(String task, long total, String unit) {
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    /** Remaining time from the rate of this process: {@code (max - done) · elapsed / (done - start)}. */
    static Duration eta(long start, long done, long max, Duration elapsed) {
        if (done <= start) return null;
        return elapsed.multipliedBy(max - done).dividedBy(done - start);
    }

    void stepTo(long n) {
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(250).setMaxRenderedLength(110)
                    .startsFrom(Math.max(0, n - 1), Duration.ZERO)
                    .setEtaFunction(s -> Optional.ofNullable(eta(s.getStart(), s.getCurrent(), s.getMax(),
                            s.getElapsedAfterStart())))
                    .build();
            bar.setExtraMessage(message);
        }
        bar.stepTo(n);
    }

    void message(String m) {
        message = m;
        if (bar != null) bar.setExtraMessage(m);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
