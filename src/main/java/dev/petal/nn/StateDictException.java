package dev.petal.nn;

/** A checkpoint that does not fit the model: every missing, unexpected and mis-shaped key in one message. */
public class StateDictException extends RuntimeException {
    private final LoadReport report;

    public StateDictException(LoadReport report) {
        super(report.describe());
        this.report = report;
    }

    public LoadReport report() {
        return report;
    }
}
