package dev.parley.ops;

/** Applying topics or the schema failed; the message is one line for an operator. */
public final class OpsException extends RuntimeException {
    public OpsException(String oneLine) {
        super(oneLine);
    }

    public OpsException(String oneLine, Throwable cause) {
        super(oneLine, cause);
    }
}
