package dev.petal.training;

/** The loss became NaN or infinite: the run stops; the last good checkpoint is kept untouched. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
