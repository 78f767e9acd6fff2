package dev.parley.infra;

/**
 * A server could not be started or stopped. The message is ONE line meant for an operator
 * (e.g. {@code port 19092 for Kafka is taken}) and names the server's log file where there is one.
 */
public final class InfraException extends RuntimeException {
    public InfraException(String oneLine) {
        super(oneLine);
    }

    public InfraException(String oneLine, Throwable cause) {
        super(oneLine, cause);
    }
}
