package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The calls a chat client makes, over the contract's HTTP endpoints (auth and edge) and WebSocket.
 * Used by the end-to-end tests and the benchmark; it knows nothing of Parley's internals.
 */
public final class ParleyClient {
    private final ParleyHttp auth;
    private final ParleyHttp edge;
    private final URI wsUrl;

    public ParleyClient(URI authUrl, URI edgeHttpUrl, URI wsUrl) {
        this.auth = new ParleyHttp(authUrl);
        this.edge = new ParleyHttp(edgeHttpUrl);
        this.wsUrl = wsUrl;
    }

    public ParleyHttp auth() {
        return auth;
    }

    public ParleyHttp edge() {
        return edge;
    }

    /** Registers a user with a unique name and logs in. */
    public TestUser newUser(String prefix) {
        String username = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        String password = "pw-" + UUID.randomUUID();
        ObjectNode body = Json.mapper().createObjectNode().put("username", username).put("password", password);
        // Each test user registers from an address of its own, as people do: the stacks the tests
        // start trust 127.0.0.1 as a reverse proxy, so auth keys its per-address limits by this.
        auth.postForwarded("/v1/auth/register", null, body.toString(), randomClientAddress()).expect(201);
        return login(username, password);
    }

    /** An address of the benchmarking range 198.18.0.0/15 (RFC 2544), never a real host. */
    public static String randomClientAddress() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return "198." + (18 + r.nextInt(2)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    public TestUser login(String username, String password) {
        ObjectNode body = Json.mapper().createObjectNode().put("username", username).put("password", password);
        JsonNode r = auth.post("/v1/auth/login", null, body.toString()).expect(200).json();
        return new TestUser(r.path("userId").asText(), username, password, r.path("accessToken").asText(),
                r.path("refreshToken").asText());
    }

    /** Creates (or finds) the direct conversation of {@code me} with {@code other}; returns its id. */
    public String direct(TestUser me, TestUser other) {
        ObjectNode body = Json.mapper().createObjectNode().put("kind", "direct");
        body.putArray("members").add(other.userId());
        HttpResult r = auth.post("/v1/conversations", me.accessToken(), body.toString());
        if (r.status() != 201 && r.status() != 200) {
            throw new AssertionError("create direct: HTTP " + r.status() + " " + r.body());
        }
        return r.json().path("conversationId").asText();
    }

    /** Creates a group with a title and members; the creator is always a member. */
    public String group(TestUser me, String title, List<TestUser> members) {
        ObjectNode body = Json.mapper().createObjectNode().put("kind", "group").put("title", title);
        ArrayNode m = body.putArray("members");
        members.forEach(u -> m.add(u.userId()));
        return auth.post("/v1/conversations", me.accessToken(), body.toString()).expect(201).json()
                .path("conversationId").asText();
    }

    /** {@code GET /v1/conversations/{id}/messages} with optional after/before/limit (null = absent). */
    public HttpResult history(TestUser me, String conversationId, Long after, Long before, Integer limit) {
        StringBuilder q = new StringBuilder();
        if (after != null) {
            q.append("&after=").append(after);
        }
        if (before != null) {
            q.append("&before=").append(before);
        }
        if (limit != null) {
            q.append("&limit=").append(limit);
        }
        String path = "/v1/conversations/" + URLEncoder.encode(conversationId, StandardCharsets.UTF_8) + "/messages"
                + (q.isEmpty() ? "" : "?" + q.substring(1));
        return edge.get(path, me.accessToken());
    }

    /**
     * Writes one message in the conversation and marks it read, as a person does who opens a
     * conversation and answers; returns once the read position shows in the conversation list.
     * Presence is shown only to the peer of a direct conversation one has taken part in.
     */
    public void takePart(TestUser me, String conversationId) {
        try (WsConnection ws = connect(me)) {
            JsonNode ack = Sending.sendUntilAcked(ws, "take-part-" + UUID.randomUUID(), conversationId, "hello");
            long seq = ack.path("seq").asLong();
            ws.sendRaw("{\"type\":\"read\",\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}");
            org.awaitility.Awaitility.await().atMost(Sending.ACK_TIMEOUT).pollInterval(java.time.Duration.ofMillis(100))
                    .until(() -> {
                        HttpResult r = edge.get("/v1/conversations", me.accessToken());
                        if (r.status() != 200) {
                            return false;
                        }
                        for (JsonNode c : r.json()) {
                            if (conversationId.equals(c.path("conversationId").asText())) {
                                return c.path("readSeq").asLong() >= seq;
                            }
                        }
                        return false;
                    });
        }
    }

    /** Opens a WebSocket as {@code me} and waits for the {@code ready} frame. */
    public WsConnection connect(TestUser me) {
        return WsConnection.open(wsUrl, me.accessToken());
    }
}
