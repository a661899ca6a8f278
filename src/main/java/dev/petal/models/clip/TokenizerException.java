package dev.petal.models.clip;

/** A tokenizer that cannot be loaded or used as asked; the message names the folder or file. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
