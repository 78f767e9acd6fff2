package dev.parley.auth.internal.http;

import dev.parley.auth.StorageException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps every exception to the contract's error object: nothing internal reaches a client.
 * Store failures and anything unexpected answer 503 {@code unavailable} (logged with an incident
 * id); the fallback route answers unknown paths with 404 {@code not_found}.
 */
public final class ErrorRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRoutes.class);

    private ErrorRoutes() {
    }

    /** Registers the error handlers. */
    public static void errors(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> send(res, e))
                .error(StorageException.class, (req, res, e) -> {
                    LOG.warn("store unavailable: {}", e.getMessage());
                    send(res, ApiException.unavailable());
                })
                .error(HttpException.class, (req, res, e) -> {
                    int status = e.status().code();
                    if (status == 404 || status == 405) {
                        send(res, ApiException.notFound("no such endpoint"));
                    } else if (status == 413) {
                        send(res, ApiException.tooLarge("the body is too large"));
                    } else if (status >= 400 && status < 500) {
                        send(res, ApiException.invalid("the request is not valid"));
                    } else {
                        unexpected(res, e);
                    }
                })
                .error(Exception.class, (req, res, e) -> unexpected(res, e));
    }

    /** Registers the catch-all 404; must come after every other route. */
    public static void fallback(HttpRouting.Builder routing) {
        routing.any((req, res) -> send(res, ApiException.notFound("no such endpoint")));
    }

    private static void unexpected(ServerResponse res, Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.error("unexpected failure, incident {}", incident, e);
        send(res, ApiException.unavailable());
    }

    private static void send(ServerResponse res, ApiException e) {
        if (!res.isSent()) {
            HttpSupport.sendError(res, e);
        }
    }
}
