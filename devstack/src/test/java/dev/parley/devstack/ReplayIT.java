package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.config.Settings;
import dev.parley.common.json.Json;
import dev.parley.replay.Main;
import dev.parley.replay.internal.Hooks;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Guarantee 1 after a rebuild, and the shadow run, through the real path on a stack of its own
 * (so the log holds only this test's traffic): messages, duplicates, a rate-limited burst, reads and
 * membership changes (a removal too) go through the system; {@code replay rebuild} writes a fresh
 * keyspace; {@code replay verify} finds it equal to the live one and to the log; an edge reading
 * the rebuilt keyspace serves the same history, conversation list and unread counts; a shadow run
 * of the topology over the same input finds no divergence, and one with a lower rate limit reports
 * the divergences it causes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static LocalStack stack;
    private static ParleyClient client;
    private static final List<TestUser> users = new ArrayList<>();
    private static final List<String> conversations = new ArrayList<>();
    private static final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String rebuilt = "parley_" + run;

    @BeforeAll
    static void traffic() {
        stack = SharedStack.startOwn(Map.of());
        client = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
        TestUser alice = client.newUser("alice");
        TestUser bob = client.newUser("bob");
        TestUser carol = client.newUser("carol");
        users.addAll(List.of(alice, bob, carol));
        String direct = client.direct(alice, bob);
        String group = client.group(alice, "replay", List.of(bob, carol));
        conversations.addAll(List.of(direct, group));
        try (WsConnection a = client.connect(alice); WsConnection b = client.connect(bob);
             WsConnection c = client.connect(carol)) {
            Sending.sendMany(a, direct, "d", 5);
            Sending.sendMany(c, group, "g", 3);
            // A retry of a send already in the log: answered with the original ack (dedupe).
            Sending.sendUntilAcked(c, "g-1", group, "g message 1");
            read(b, direct, 3);
            // Carol leaves the group; her next send is refused, the others go on.
            client.auth().delete("/v1/conversations/" + group + "/members/" + carol.userId(), alice.accessToken())
                    .expect(204);
            await().atMost(WAIT).until(() -> refused(c, group));
            Sending.sendMany(b, group, "h", 4);
            read(a, group, 6);
            // A burst past the rate limit (burst 20): some are refused with rate_limited.
            for (int i = 0; i < 30; i++) {
                a.sendRaw("{\"type\":\"send\",\"conversationId\":\"" + direct + "\",\"clientMsgId\":\"burst-" + i
                        + "\",\"body\":\"burst " + i + "\"}");
            }
            a.await(f -> "error".equals(f.path("type").asText()) && "rate_limited".equals(f.path("code").asText()),
                    WAIT);
            await().atMost(WAIT).until(() -> answered(a, 30));
        }
        // Everything in history before anything is compared.
        for (String conv : conversations) {
            long last = HistoryWalk.entry(HistoryWalk.conversations(client, alice), conv).path("lastSeq").asLong();
            HistoryWalk.awaitThrough(client, alice, conv, 0, last, WAIT);
        }
    }

    @AfterAll
    static void close() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aRebuiltKeyspaceVerifiesEqualAndServesTheSameHistoryListsAndUnreadCounts() {
        Map<String, JsonNode> before = views(client);

        Result dry = replay("rebuild", "--keyspace", rebuilt, "--run", run, "--dry-run");
        assertThat(dry.status).as(dry.text()).isZero();
        assertThat(dry.out).contains("parley.messages.v1: ", " offsets to read", "dry run: nothing written");

        Result rebuild = replay("rebuild", "--keyspace", rebuilt, "--run", run, "--progress", "json");
        assertThat(rebuild.status).as(rebuild.text()).isZero();
        assertThat(rebuild.out).contains("\"task\":\"rebuild\"", "\"done\":true", "rebuilt keyspace " + rebuilt);

        Result againstLive = replay("verify", "--keyspace", rebuilt, "--against", LocalStack.KEYSPACE);
        assertThat(againstLive.status).as(againstLive.text()).isZero();
        assertThat(againstLive.out).contains(" 0 differences");
        Result againstLog = replay("verify", "--keyspace", rebuilt, "--against-log");
        assertThat(againstLog.status).as(againstLog.text()).isZero();

        Instance edge = stack.addInstance("edge", Map.of("cql.keyspace", rebuilt));
        ParleyClient onRebuilt = new ParleyClient(stack.authUrl(), edge.httpUrl(), edge.wsUrl());
        assertThat(views(onRebuilt)).isEqualTo(before);

        // A difference is found and named: one message body changed in the rebuilt keyspace.
        String[] cql = stack.cqlContactPoint().split(":");
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(new InetSocketAddress(cql[0], Integer.parseInt(cql[1])))
                .withLocalDatacenter(stack.cqlLocalDatacenter()).build()) {
            session.execute("UPDATE " + rebuilt + ".messages SET body = 'tampered' WHERE conversation_id = '"
                    + conversations.get(0) + "' AND bucket = 0 AND seq = 2");
        }
        Result tampered = replay("verify", "--keyspace", rebuilt, "--against", LocalStack.KEYSPACE);
        assertThat(tampered.status).as(tampered.text()).isEqualTo(1);
        assertThat(tampered.out).contains(conversations.get(0), "digest");
    }

    @Test
    @Order(2)
    void aShadowRunOfTheSameInputFindsNoDivergenceAndALowerRateLimitFindsTheOnesItCauses() throws Exception {
        Result same = replay("shadow", "run", "--run", run + "a", "--progress", "json");
        assertThat(same.status).as(same.text()).isZero();
        assertThat(same.out).contains("\"task\":\"shadow " + run + "a\"", " 0 divergences");

        // Alice's burst and the senders of 3+ messages in a row now run out of tokens: sends the live
        // topology acked are refused, and every later seq of their conversations shifts.
        Result lower = replay("shadow", "run", "--run", run + "b", "--set", "topology.rate.burst=2",
                "--set", "topology.rate.sustained-per-second=1", "--progress", "json");
        assertThat(lower.status).as(lower.text()).isEqualTo(1);
        assertThat(lower.out).contains(conversations.get(0), "shadow missing", "divergences in 2 conversations");
        Result json = replay("shadow", "compare", "--run", run + "b", "--json");
        assertThat(json.status).as(json.text()).isEqualTo(1);
        JsonNode report = Json.mapper().readTree(json.out);
        assertThat(report.toString()).contains("rate_limited", conversations.get(0), conversations.get(1));

        for (String r : List.of(run + "a", run + "b")) {
            Result clean = replay("shadow", "clean", "--run", r);
            assertThat(clean.status).as(clean.text()).isZero();
            assertThat(clean.out).contains("delete topic parley.shadow." + r + ".parley.messages.v1",
                    "delete topic parley.shadow." + r + ".parley.commands.v1",
                    "delete topic parley-topology-shadow-" + r + "-sequences-changelog",
                    "delete group parley-topology-shadow-" + r + "-gate", "cleaned shadow run " + r)
                    .doesNotContain("delete topic parley.messages.v1", "delete topic parley-topology-sequences");
            Result again = replay("shadow", "clean", "--run", r, "--dry-run");
            assertThat(again.out).doesNotContain("would delete topic");
        }
    }

    @Test
    @Order(3)
    void theTopologysStateIsRebuiltFromItsChangelogsOnlyWhileNoInstanceRuns() {
        Map<String, String> topology = Map.of("topology.state-dir",
                stack.config().dataDir().resolve("streams").toString());
        Result refused = replay(topology, "state");
        assertThat(refused.status).as(refused.text()).isEqualTo(2);
        assertThat(refused.err).contains("is running");

        String direct = conversations.getFirst();
        TestUser alice = users.getFirst();
        long last = HistoryWalk.entry(HistoryWalk.conversations(client, alice), direct).path("lastSeq").asLong();
        stack.stopService("topology");
        try {
            Result dry = replay(topology, "state", "--dry-run");
            assertThat(dry.status).as(dry.text()).isZero();
            assertThat(dry.out).contains("parley-topology-sequences-changelog: ", "dry run: nothing deleted");
            Result restored = replay(topology, "state", "--progress", "json");
            assertThat(restored.status).as(restored.text()).isZero();
            assertThat(restored.out).contains("\"task\":\"restore\"", "\"done\":true", "restored ");
        } finally {
            stack.startService("topology");
        }
        // The restored counter goes on where it stopped: the next send gets the next seq.
        try (WsConnection a = client.connect(alice)) {
            JsonNode ack = Sending.sendUntilAcked(a, "after-restore", direct, "after the state was rebuilt");
            assertThat(ack.path("seq").asLong()).isEqualTo(last + 1);
        }
    }

    /** History of each conversation and each user's conversation list, as the edge serves them. */
    private static Map<String, JsonNode> views(ParleyClient c) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (TestUser u : users) {
            out.put("list " + u.username(), HistoryWalk.conversations(c, u));
        }
        TestUser alice = users.getFirst();
        for (String conv : conversations) {
            out.put("history " + conv, Json.mapper().valueToTree(HistoryWalk.after(c, alice, conv, 0)));
        }
        return out;
    }

    private record Result(int status, String out, String err) {
        String text() {
            return out + err;
        }
    }

    private static Result replay(String... args) {
        return replay(Map.of(), args);
    }

    private static Result replay(Map<String, String> extra, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Settings settings = Settings.of(Map.of("kafka.bootstrap-servers", stack.kafkaBootstrap(),
                "cql.contact-points", stack.cqlContactPoint(), "cql.local-datacenter", stack.cqlLocalDatacenter(),
                "replay.work-dir", stack.config().dataDir().resolve("replay").toString())).with(extra);
        int status = Main.run(args, settings, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Hooks.NONE, Clock.systemUTC());
        Result r = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("replay " + String.join(" ", args) + " -> " + status + "\n" + r.text());
        return r;
    }

    private static void read(WsConnection ws, String conversationId, long seq) {
        ws.sendRaw("{\"type\":\"read\",\"conversationId\":\"" + conversationId + "\",\"seq\":" + seq + "}");
    }

    private static boolean refused(WsConnection c, String group) {
        c.sendRaw("{\"type\":\"send\",\"conversationId\":\"" + group + "\",\"clientMsgId\":\"after-"
                + UUID.randomUUID() + "\",\"body\":\"x\"}");
        try {
            c.await(f -> "not_member".equals(f.path("code").asText()), Duration.ofSeconds(1));
            return true;
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    private static boolean answered(WsConnection a, int burst) {
        int n = 0;
        for (JsonNode f : a.frames()) {
            if (f.path("clientMsgId").asText().startsWith("burst-")
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText()))) {
                n++;
            }
        }
        return n >= burst;
    }
}
