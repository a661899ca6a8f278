package dev.petal.schedulers;

/** An enum constant spelled in {@code scheduler_config.json} as {@link #json()}. */
public interface ConfigValue {
    String json();
}
