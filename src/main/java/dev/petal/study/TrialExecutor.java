package dev.petal.study;

/** Runs one claimed trial to completion (writing its metrics.json last), or throws. */
@FunctionalInterface
public interface TrialExecutor {
    void execute(StudyDir study, Trial trial) throws Exception;
}
