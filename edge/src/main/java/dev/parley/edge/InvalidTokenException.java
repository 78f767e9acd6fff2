package dev.parley.edge;

/** The token cannot be accepted. The message is for logs; clients only ever see "unauthorized". */
public final class InvalidTokenException extends Exception {
    private final boolean expired;

    public InvalidTokenException(String message) {
        this(message, null, false);
    }

    public InvalidTokenException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** @param expired whether the token was acceptable but for its expiry (counted apart from invalid ones) */
    public InvalidTokenException(String message, Throwable cause, boolean expired) {
        super(message, cause);
        this.expired = expired;
    }

    public boolean expired() {
        return expired;
    }
}
