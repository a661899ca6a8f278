package dev.petal.schedulers;

/** A scheduler config that cannot be used: names the file and the offending field. */
public final class SchedulerConfigException extends IllegalArgumentException {
    private final String source;
    private final String field;

    public SchedulerConfigException(String source, String field, String message) {
        super(source + (field == null ? "" : ": field '" + field + "'") + ": " + message);
        this.source = source;
        this.field = field;
    }

    /** The file (or description of the inline config) the error is about. */
    public String source() {
        return source;
    }

    /** The offending field, or null when the error is about the whole file. */
    public String field() {
        return field;
    }
}
