package dev.parley.auth.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.AccessTokenVerifier;
import dev.parley.auth.AuthenticatedUser;
import dev.parley.auth.Conversation;
import dev.parley.auth.internal.CallLimiter;
import dev.parley.auth.internal.ConversationService;
import dev.parley.auth.internal.Validation;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * {@code /v1/conversations/*}: every call needs a valid bearer access token, and counts against
 * the caller's call limit (429 {@code rate_limited} with {@code Retry-After} past it).
 */
public final class ConversationRoutes {
    private final ConversationService conversations;
    private final AccessTokenVerifier verifier;
    private final CallLimiter calls;

    public ConversationRoutes(ConversationService conversations, AccessTokenVerifier verifier, CallLimiter calls) {
        this.conversations = conversations;
        this.verifier = verifier;
        this.calls = calls;
    }

    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/conversations", this::create)
                .get("/v1/conversations/{id}", this::get)
                .post("/v1/conversations/{id}/members", this::addMembers)
                .delete("/v1/conversations/{id}/members/{userId}", this::removeMember);
    }

    private String caller(ServerRequest req) {
        String caller = verifier.verify(HttpSupport.bearer(req)).map(AuthenticatedUser::userId)
                .orElseThrow(() -> ApiException.unauthorized("a valid bearer access token is required"));
        long waitMs = calls.tryCall(caller);
        if (waitMs > 0) {
            throw ApiException.rateLimited((waitMs + 999) / 1000);
        }
        return caller;
    }

    /**
     * A conversation id from the path. Only ids this service issues can exist, so anything else is
     * {@code not_found} here, before a store sees it.
     */
    private static String conversationId(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        if (!Validation.id(id)) {
            throw ApiException.notFound("no such conversation");
        }
        return id;
    }

    private void create(ServerRequest req, ServerResponse res) {
        String caller = caller(req);
        JsonNode body = HttpSupport.readObject(req);
        String kind = HttpSupport.string(body, "kind");
        List<String> members = HttpSupport.optionalStrings(body, "members", Conversation.MAX_MEMBERS_PER_CALL);
        switch (kind) {
            case Conversation.DIRECT -> {
                ConversationService.Created c = conversations.createDirect(caller, members);
                HttpSupport.sendJson(res, c.created() ? 201 : 200, json(c.conversation()));
            }
            case Conversation.GROUP -> {
                String title = HttpSupport.optionalString(body, "title");
                HttpSupport.sendJson(res, 201, json(conversations.createGroup(caller, title, members)));
            }
            default -> throw ApiException.invalid("kind must be direct or group");
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        String caller = caller(req);
        HttpSupport.sendJson(res, 200, json(conversations.get(caller, conversationId(req))));
    }

    private void addMembers(ServerRequest req, ServerResponse res) {
        String caller = caller(req);
        JsonNode body = HttpSupport.readObject(req);
        String one = HttpSupport.optionalString(body, "userId");
        List<String> many = HttpSupport.optionalStrings(body, "userIds", Conversation.MAX_MEMBERS_PER_CALL);
        if ((one == null) == (many == null)) {
            throw ApiException.invalid("give either userId or userIds");
        }
        conversations.addMembers(caller, conversationId(req), one != null ? List.of(one) : many);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void removeMember(ServerRequest req, ServerResponse res) {
        String caller = caller(req);
        conversations.removeMember(caller, conversationId(req), req.path().pathParameters().get("userId"));
        res.status(Status.NO_CONTENT_204).send();
    }

    static ObjectNode json(Conversation c) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("conversationId", c.id()).put("kind", c.kind());
        if (c.title() == null) {
            out.putNull("title");
        } else {
            out.put("title", c.title());
        }
        ArrayNode members = out.putArray("members");
        c.members().forEach(members::add);
        out.put("createdAt", c.createdAt().toString());
        return out;
    }
}
