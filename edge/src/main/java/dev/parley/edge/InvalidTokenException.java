package dev.parley.edge;

/** The token cannot be accepted. The message is for logs; clients only ever see "unauthorized". */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message);
    }

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
