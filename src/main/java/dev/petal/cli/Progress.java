package dev.petal.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.time.Duration;

/** A terminal progress bar (steps, rate, ETA and an extra message such as the loss) on standard error. */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    Progress(String task, long total, String unit) {
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(250).setMaxRenderedLength(110)
                .setEtaFunction(state -> java.util.Optional.ofNullable(eta(state.getCurrent(), state.getMax(),
                        Duration.between(state.getStartInstant(), java.time.Instant.now()))))
                .build();
    }

    private static Duration eta(long done, long max, Duration elapsed) {
        if (done <= 0) return null;
        return elapsed.multipliedBy(max - done).dividedBy(done);
    }

    void stepTo(long n) {
        bar.stepTo(n);
    }

    void message(String m) {
        bar.setExtraMessage(m);
    }

    @Override
    public void close() {
        bar.close();
    }
}
