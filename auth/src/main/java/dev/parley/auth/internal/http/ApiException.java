package dev.parley.auth.internal.http;

/**
 * A client-facing error: the HTTP status and the contract's error code, answered as
 * {@code {"error":{"code","message"}}}. The message must not contain internals.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    private ApiException(int status, String code, String message, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message, 0);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "invalid_request", message, 0);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, 0);
    }

    public static ApiException invalidCredentials() {
        return new ApiException(401, "invalid_credentials", "wrong username or password", 0);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, 0);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, 0);
    }

    public static ApiException usernameTaken() {
        return new ApiException(409, "username_taken", "that username is taken", 0);
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", "too many attempts, retry later", retryAfterSeconds);
    }

    public static ApiException unavailable() {
        return new ApiException(503, "unavailable", "the service is temporarily unavailable", 0);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Seconds for {@code Retry-After}, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
