package dev.parley.auth.internal.http;

import dev.parley.auth.StorageException;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
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

    /**
     * Registers the error handlers. Each answer carries {@code cors}'s headers, so that a page can
     * read the error code (Helidon clears the headers set before the failure).
     */
    public static void errors(HttpRouting.Builder routing, Cors cors) {
        routing.error(ApiException.class, (req, res, e) -> send(cors, req, res, e))
                .error(StorageException.class, (req, res, e) -> {
                    LOG.warn("store unavailable: {}", e.getMessage());
                    send(cors, req, res, ApiException.unavailable());
                })
                .error(HttpException.class, (req, res, e) -> {
                    int status = e.status().code();
                    if (status == 404 || status == 405) {
                        send(cors, req, res, ApiException.notFound("no such endpoint"));
                    } else if (status == 413) {
                        send(cors, req, res, ApiException.tooLarge("the body is too large"));
                    } else if (status >= 400 && status < 500) {
                        send(cors, req, res, ApiException.invalid("the request is not valid"));
                    } else {
                        unexpected(cors, req, res, e);
                    }
                })
                .error(Exception.class, (req, res, e) -> unexpected(cors, req, res, e));
    }

    /** Registers the catch-all 404; must come after every other route. */
    public static void fallback(HttpRouting.Builder routing) {
        routing.any((req, res) -> HttpSupport.sendError(res, ApiException.notFound("no such endpoint")));
    }

    private static void unexpected(Cors cors, ServerRequest req, ServerResponse res, Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.error("unexpected failure, incident {}", incident, e);
        send(cors, req, res, ApiException.unavailable());
    }

    private static void send(Cors cors, ServerRequest req, ServerResponse res, ApiException e) {
        if (!res.isSent()) {
            cors.allow(req, res);
            HttpSupport.sendError(res, e);
        }
    }
}
