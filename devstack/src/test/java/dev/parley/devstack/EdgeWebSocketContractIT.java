package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.RawWebSocket;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract's WebSocket rules through the real path (edge, Kafka, topology, sinks, Redis, CQL),
 * on the shared stack with default settings (rate limit 10/s, burst 20): refusals before the
 * upgrade, the browser origin check, the frame limit, refused frames that leave the connection
 * open, not_member, rate_limited, and both kinds of ping.
 */
class EdgeWebSocketContractIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LocalStack stack;
    private static ParleyClient client;

    @BeforeAll
    static void startStack() {
        stack = SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void aMissingBadOrExpiredTokenIsRefusedWith401BeforeTheUpgrade() throws Exception {
        TestUser alice = client.newUser("alice");
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of())).isEqualTo(401);
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", "Bearer not.a.jwt")))
                .isEqualTo(401);
        String tampered = alice.accessToken().substring(0, alice.accessToken().length() - 4) + "AAAA";
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", "Bearer " + tampered)))
                .isEqualTo(401);
        // Signed with auth's real key, so only the expiry is wrong (the same token, unexpired, passes).
        String expired = signedToken(alice.userId(), -60);
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", "Bearer "
                + signedToken(alice.userId(), 600)))).as("a forged token that has not expired").isEqualTo(101);
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", "Bearer " + expired)))
                .isEqualTo(401);
        HttpResult body = client.edge().get("/ws", expired);
        assertThat(body.status()).isEqualTo(401);
        assertThat(body.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void browserOriginsOutsideTheAllowListAreRefused() {
        TestUser alice = client.newUser("alice");
        String auth = "Bearer " + alice.accessToken();
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", auth,
                "Origin", "https://evil.example"))).isEqualTo(403);
        assertThat(RawWebSocket.upgradeStatus(stack.edgeWsUrl(), Map.of("Authorization", auth,
                "Origin", "http://localhost:5173"))).as("on the default allow-list").isEqualTo(101);
        // A browser passes the token in the query; the origin check still applies.
        try (RawWebSocket ws = RawWebSocket.open(
                stack.edgeWsUrl().resolve("/ws?access_token=" + alice.accessToken()),
                Map.of("Origin", "http://127.0.0.1:3000"), true)) {
            assertThat(ws.await(f -> "ready".equals(f.path("type").asText()), WAIT).frame()
                    .path("userId").asText()).isEqualTo(alice.userId());
        }
    }

    @Test
    void aFrameOver64KiBClosesWith1009() throws Exception {
        try (WsConnection ws = client.connect(client.newUser("big"))) {
            ws.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}");
            assertThat(ws.closed().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1009);
        }
    }

    @Test
    void refusedFramesGetTheContractsErrorAndTheConnectionStaysOpen() {
        TestUser erin = client.newUser("erin");
        TestUser frank = client.newUser("frank");
        TestUser mallory = client.newUser("mallory");
        String conversation = client.direct(erin, frank);
        try (WsConnection e = client.connect(erin); WsConnection m = client.connect(mallory)) {
            assertThat(errorAfter(e, "{not json").path("code").asText()).isEqualTo("bad_request");
            JsonNode missing = errorAfter(e, "{\"type\":\"send\",\"clientMsgId\":\"no-body\",\"conversationId\":\""
                    + conversation + "\"}");
            assertThat(missing.path("code").asText()).isEqualTo("bad_request");
            assertThat(missing.path("clientMsgId").asText()).isEqualTo("no-body");
            assertThat(errorAfter(e, "{\"conversationId\":\"x\"}").path("code").asText()).isEqualTo("bad_request");

            ObjectNode tooLong = send("long", conversation, "y".repeat(4001));
            JsonNode tooLarge = errorAfter(e, tooLong.toString());
            assertThat(tooLarge.path("code").asText()).isEqualTo("too_large");
            assertThat(tooLarge.path("clientMsgId").asText()).isEqualTo("long");

            // still open: a ping is answered and a good send is accepted
            int mark = e.count();
            e.sendRaw("{\"type\":\"ping\"}");
            e.awaitFrom(mark, f -> "pong".equals(f.path("type").asText()), WAIT);
            JsonNode ack = sendUntilAccepted(e, "ok", conversation, "z".repeat(4000));
            assertThat(ack.path("seq").asLong()).isEqualTo(1);

            int mMark = m.count();
            m.send("intruder", conversation, "let me in");
            JsonNode notMember = m.awaitFrom(mMark, f -> "intruder".equals(f.path("clientMsgId").asText()), WAIT);
            assertThat(notMember.path("type").asText()).isEqualTo("error");
            assertThat(notMember.path("code").asText()).isEqualTo("not_member");
        }
        assertThat(history(erin, conversation)).extracting(x -> x.path("clientMsgId").asText())
                .containsExactly("ok");
    }

    @Test
    void sendsOverTheRateLimitAreRefusedAndNeitherStoredNorDelivered() {
        TestUser gina = client.newUser("gina");
        TestUser hank = client.newUser("hank");
        String conversation = client.direct(gina, hank);
        try (WsConnection g = client.connect(gina); WsConnection h = client.connect(hank)) {
            sendUntilAccepted(g, "warm-up", conversation, "first");
            int mark = g.count();
            for (int i = 1; i <= 30; i++) {
                g.send("burst-" + i, conversation, "burst " + i);
            }
            List<JsonNode> replies = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                String id = "burst-" + i;
                replies.add(g.awaitFrom(mark, f -> id.equals(f.path("clientMsgId").asText())
                        && Set.of("ack", "error").contains(f.path("type").asText()), WAIT));
            }
            Set<String> acked = new HashSet<>();
            int limited = 0;
            for (JsonNode r : replies) {
                if ("ack".equals(r.path("type").asText())) {
                    acked.add(r.path("clientMsgId").asText());
                } else {
                    assertThat(r.path("code").asText()).as(r.toString()).isEqualTo("rate_limited");
                    assertThat(r.path("retryAfterMs").asLong()).as("retryAfterMs of " + r).isPositive();
                    limited++;
                }
            }
            // The bucket holds 20 (less what the warm-up's retries took, plus 10/s refill): some of the
            // 30 pass, and far from all, as 30 frames travel in well under the 1 s that would refill 10.
            assertThat(acked.size()).isBetween(10, 29);
            assertThat(limited).isEqualTo(30 - acked.size());

            // The marker gets a seq after every accepted burst send: once hank has it, he has them all.
            sendUntilAccepted(g, "marker", conversation, "end");
            h.await("message", "clientMsgId", "marker", WAIT);
            Set<String> expected = new HashSet<>(acked);
            expected.addAll(List.of("warm-up", "marker"));
            Set<String> delivered = new HashSet<>();
            h.frames().stream().filter(f -> "message".equals(f.path("type").asText()))
                    .forEach(f -> delivered.add(f.path("clientMsgId").asText()));
            assertThat(delivered).isEqualTo(expected);
            await().atMost(WAIT).untilAsserted(() -> assertThat(history(hank, conversation))
                    .extracting(x -> x.path("clientMsgId").asText()).containsExactlyInAnyOrderElementsOf(expected));
        }
    }

    @Test
    void jsonPingAndWebSocketPingAreBothAnswered() throws Exception {
        TestUser ivy = client.newUser("ivy");
        try (RawWebSocket ws = RawWebSocket.open(stack.edgeWsUrl(),
                Map.of("Authorization", "Bearer " + ivy.accessToken()), true)) {
            ws.await(f -> "ready".equals(f.path("type").asText()), WAIT);
            ws.sendPing(new byte[] {7, 8, 9});
            ByteBuffer pong = ws.awaitPong(WAIT);
            assertThat(pong).isNotNull();
            assertThat(pong).isEqualTo(ByteBuffer.wrap(new byte[] {7, 8, 9}));
            ws.sendText("{\"type\":\"ping\"}");
            ws.await(f -> "pong".equals(f.path("type").asText()), WAIT);
        }
    }

    private static ObjectNode send(String clientMsgId, String conversationId, String body) {
        return Json.mapper().createObjectNode().put("type", "send").put("clientMsgId", clientMsgId)
                .put("conversationId", conversationId).put("body", body);
    }

    private static JsonNode errorAfter(WsConnection ws, String raw) {
        int mark = ws.count();
        ws.sendRaw(raw);
        return ws.awaitFrom(mark, f -> "error".equals(f.path("type").asText()), WAIT);
    }

    /** Sends until acked: retries not_member while the new membership propagates, rate_limited after retryAfterMs. */
    static JsonNode sendUntilAccepted(WsConnection ws, String clientMsgId, String conversation, String body) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            int mark = ws.count();
            ws.send(clientMsgId, conversation, body);
            JsonNode reply = ws.awaitFrom(mark, f -> clientMsgId.equals(f.path("clientMsgId").asText())
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())), WAIT);
            if ("ack".equals(reply.path("type").asText())) {
                return reply;
            }
            String code = reply.path("code").asText();
            assertThat(code).as(reply.toString()).isIn("not_member", "rate_limited");
            if ("not_member".equals(code)) {
                assertThat(System.nanoTime()).as("membership took effect (contract: 2 s; 5 s for a cold start)")
                        .isLessThan(deadline);
            }
            pause("rate_limited".equals(code) ? reply.path("retryAfterMs").asLong() : 200);
        }
    }

    private static List<JsonNode> history(TestUser user, String conversation) {
        HttpResult r = client.history(user, conversation, null, null, 200).expect(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("messages").forEach(out::add);
        return out;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * An access token signed with auth's current key (read from the stack's key directory) that
     * expires {@code expiresInSeconds} from now (negative: it has expired).
     */
    private static String signedToken(String userId, long expiresInSeconds) throws Exception {
        Path keys = stack.config().dataDir().resolve("auth-keys");
        Path keyFile;
        try (Stream<Path> files = Files.list(keys)) {
            keyFile = files.filter(p -> p.getFileName().toString().endsWith(".jwk.json")).sorted()
                    .reduce((a, b) -> b).orElseThrow(() -> new IOException("no key in " + keys));
        }
        JsonNode jwk = Json.mapper().readTree(Files.readString(keyFile));
        AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
        params.init(new ECGenParameterSpec("secp256r1"));
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("d").asText())),
                params.getParameterSpec(ECParameterSpec.class)));
        long now = Instant.now().getEpochSecond();
        String header = b64(Json.mapper().createObjectNode().put("alg", "ES256").put("typ", "JWT")
                .put("kid", jwk.path("kid").asText()).toString());
        String claims = b64(Json.mapper().createObjectNode().put("iss", "parley-auth").put("aud", "parley")
                .put("sub", userId).put("iat", now - 3600).put("exp", now + expiresInSeconds).toString());
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initSign(key);
        es256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(es256.sign());
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
