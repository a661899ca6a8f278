package dev.petal.safetensors;

import java.nio.file.Path;

/** A safetensors file (or checkpoint folder) that cannot be read or written; the message names the file and tensor. */
public class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }

    static SafetensorsException at(Path file, String message) {
        return new SafetensorsException(file + ": " + message);
    }

    static SafetensorsException at(Path file, String tensor, String message) {
        return new SafetensorsException(file + ": tensor '" + tensor + "': " + message);
    }
}
