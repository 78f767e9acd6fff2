package dev.parley.edge.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.common.redis.PresenceRegistry;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The edge's HTTP API: history, conversation list, presence, health, and refused upgrades. */
public final class RestRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RestRoutes.class);
    private final Admission admission;
    private final UpgradeGate gate;
    private final UserRateLimiter rate;
    private final HistoryService history;
    private final PresenceRegistry presence;
    private final EdgeMeters meters;

    /** @param meters counts the refused tokens, here where the refusal is answered (an upgrade is checked twice) */
    public RestRoutes(Admission admission, UpgradeGate gate, UserRateLimiter rate, HistoryService history,
                      PresenceRegistry presence, EdgeMeters meters) {
        this.meters = meters;
        this.admission = admission;
        this.gate = gate;
        this.rate = rate;
        this.history = history;
        this.presence = presence;
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/health", (req, res) -> ApiErrors.json(res, 200, Map.of("status", "UP")))
                .get("/ws", this::refusedUpgrade)
                .get("/v1/conversations", this::conversations)
                .get("/v1/conversations/{id}/messages", this::messages)
                .get("/v1/presence", this::presence)
                .any((req, res) -> ApiErrors.error(res, 404, "not_found", "no such resource"))
                .error(ApiErrors.BadRequest.class,
                        (req, res, e) -> ApiErrors.error(res, 400, "invalid_request", e.getMessage()))
                .error(Exception.class, (req, res, e) -> {
                    LOG.warn("{} {} failed", req.prologue().method().text(), req.path().path(), e);
                    ApiErrors.error(res, 503, "unavailable", "temporarily unavailable; retry");
                });
    }

    /** Reached only when the upgrade was refused (or the request was no upgrade at all). */
    private void refusedUpgrade(ServerRequest req, ServerResponse res) {
        switch (gate.refusal(req.headers(), req.query())) {
            case Admission.Refused r -> refuse(res, r);
            case Admission.Admitted a -> ApiErrors.error(res, 400, "invalid_request", "a WebSocket upgrade is required");
        }
    }

    /** The authenticated caller within their REST rate, or null when the answer has been sent. */
    private String caller(ServerRequest req, ServerResponse res) {
        return switch (admission.rest(req.headers())) {
            case Admission.Admitted a -> {
                long waitMs = rate.take(a.token().userId());
                if (waitMs > 0) {
                    ApiErrors.rateLimited(res, (waitMs + 999) / 1000, "too many requests; retry later");
                    yield null;
                }
                yield a.token().userId();
            }
            case Admission.Refused r -> {
                refuse(res, r);
                yield null;
            }
        };
    }

    private void refuse(ServerResponse res, Admission.Refused r) {
        if (r.tokenFailure() != null) {
            meters.tokenFailure(r.tokenFailure());
        }
        if (r.retryAfterSeconds() != null) {
            ApiErrors.rateLimited(res, r.retryAfterSeconds(), r.message());
        } else {
            ApiErrors.error(res, r.status(), r.code(), r.message());
        }
    }

    private void conversations(ServerRequest req, ServerResponse res) {
        String userId = caller(req, res);
        if (userId == null) {
            return;
        }
        ArrayNode list = Json.mapper().createArrayNode();
        for (HistoryService.Summary s : history.conversations(userId)) {
            ObjectNode o = list.addObject();
            o.put("conversationId", s.conversationId()).put("kind", s.kind()).put("title", s.title())
                    .put("lastSeq", s.lastSeq()).put("readSeq", s.readSeq()).put("unread", s.unread());
            o.set("lastMessage", Json.mapper().valueToTree(s.lastMessage()));
        }
        ApiErrors.json(res, 200, list);
    }

    private void messages(ServerRequest req, ServerResponse res) {
        String userId = caller(req, res);
        if (userId == null) {
            return;
        }
        String conversationId = RestParams.id("conversation id", req.path().pathParameters().get("id"));
        Long after = RestParams.number("after", query(req, "after"), 0, Long.MAX_VALUE);
        Long before = RestParams.number("before", query(req, "before"), 0, Long.MAX_VALUE);
        Long limitParam = RestParams.number("limit", query(req, "limit"), 1, HistoryService.MAX_LIMIT);
        int limit = limitParam == null ? HistoryService.DEFAULT_LIMIT : limitParam.intValue();
        if (!history.isMember(conversationId, userId)) {
            ApiErrors.error(res, 404, "not_found", "no such conversation");
            return;
        }
        HistoryService.Page page = history.page(conversationId, after, before, limit);
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("messages", Json.mapper().valueToTree(page.messages()));
        body.put("hasMore", page.hasMore());
        ApiErrors.json(res, 200, body);
    }

    /** Users whose presence the caller may not see (see HistoryDirectPeers) read as offline: presence is not for strangers. */
    private void presence(ServerRequest req, ServerResponse res) {
        String caller = caller(req, res);
        if (caller == null) {
            return;
        }
        List<String> userIds = RestParams.userIds(query(req, "userIds"));
        Set<String> contacts = history.presenceVisibleTo(caller, userIds);
        Map<String, Boolean> status = presence.status(userIds.stream().filter(contacts::contains).toList());
        Map<String, String> body = new LinkedHashMap<>();
        userIds.forEach(u -> body.put(u, Boolean.TRUE.equals(status.get(u)) ? "online" : "offline"));
        ApiErrors.json(res, 200, body);
    }

    private static List<String> query(ServerRequest req, String name) {
        return req.query().all(name, List::of);
    }
}
