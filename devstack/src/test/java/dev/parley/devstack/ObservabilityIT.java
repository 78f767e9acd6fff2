package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import dev.parley.testkit.observe.OtlpReceiver;
import dev.parley.testkit.observe.PrometheusText;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13 end to end, on the real stack with two edges: one message moves the meters of every
 * hop by the right amounts, leaves one trace with one span per hop in an OTLP receiver and its
 * trace id in every hop's log, the dashboard queries only meters the services expose, and
 * readiness follows Kafka going away and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> SERVICES = List.of("auth", "topology", "sinks", "edge", "edge-2");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static OtlpReceiver receiver;
    private static LocalStack stack;
    private static ParleyClient senderSide;
    private static ParleyClient recipientSide;

    @BeforeAll
    static void start() throws IOException {
        receiver = OtlpReceiver.start();
        stack = SharedStack.startOwn(Map.of("observe.otlp-endpoint", receiver.endpoint(), "observe.log-hops", "true"));
        var edge2 = stack.addInstance("edge");
        senderSide = new ParleyClient(stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
        recipientSide = new ParleyClient(stack.authUrl(), edge2.httpUrl(), edge2.wsUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void oneMessageMovesEveryHopsMetersAndLeavesOneTraceAcrossEveryHop() throws Exception {
        TestUser alice = senderSide.newUser("alice");
        TestUser bob = senderSide.newUser("bob");
        String conversation = senderSide.direct(alice, bob);
        try (WsConnection a = senderSide.connect(alice); WsConnection b = recipientSide.connect(bob)) {
            // Warm the path (membership takes up to 2 s to reach the topology), then measure one message.
            sendUntilAccepted(a, "warm-up", conversation);
            b.await("message", "clientMsgId", "warm-up", WAIT);
            awaitQuiet();
            Map<String, PrometheusText> before = scrapeAll();
            int spansBefore = receiver.spans().size();

            a.send("measured", conversation, "hello");
            JsonNode ack = a.await("ack", "clientMsgId", "measured", WAIT);
            b.await("message", "clientMsgId", "measured", WAIT);
            a.await("message", "clientMsgId", "measured", WAIT);
            awaitQuiet();
            Map<String, PrometheusText> after = scrapeAll();

            assertThat(delta(before, after, "edge", "parley_edge_frames_in_total", "type", "send")).isEqualTo(1);
            assertThat(delta(before, after, "edge", "parley_edge_send_ack_seconds_count")).isEqualTo(1);
            assertThat(delta(before, after, "edge", "parley_edge_frames_out_total", "type", "ack")).isEqualTo(1);
            assertThat(delta(before, after, "edge", "parley_edge_frames_out_total", "type", "message")).isEqualTo(1);
            assertThat(delta(before, after, "edge-2", "parley_edge_frames_out_total", "type", "message")).isEqualTo(1);
            assertThat(delta(before, after, "edge-2", "parley_edge_channel_lag_seconds_count")).isEqualTo(1);
            // The edges write parley.commands.v2: the send goes straight to stage 2, never through stage 1.
            assertThat(delta(before, after, "topology", "parley_topology_commands_total", "stage", "gate", "outcome", "accepted"))
                    .isZero();
            assertThat(delta(before, after, "topology", "parley_topology_commands_total", "stage", "sequence", "outcome", "accepted"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sinks", "parley_sinks_history_messages_total")).isEqualTo(1);
            // One delivery record becomes one envelope per edge holding a member; the ack rides on the sender's.
            assertThat(delta(before, after, "sinks", "parley_sinks_routed_total", "kind", "delivery")).isEqualTo(2);
            assertThat(delta(before, after, "sinks", "parley_sinks_routed_total", "kind", "reply")).isZero();

            String traceId = await().atMost(WAIT).until(() -> receiver.spans().subList(spansBefore, receiver.spans().size())
                            .stream().filter(s -> s.name().equals("edge.send")).map(OtlpReceiver.ReceivedSpan::traceId)
                            .findFirst().orElse(null), id -> id != null);
            Set<String> hops = Set.of("edge.send", "topology.sequence", "sinks.history", "sinks.route", "edge.deliver");
            await().atMost(WAIT).until(() -> receiver.trace(traceId).stream().map(OtlpReceiver.ReceivedSpan::name)
                    .collect(java.util.stream.Collectors.toSet()).containsAll(hops));
            List<OtlpReceiver.ReceivedSpan> trace = receiver.trace(traceId);
            Map<String, OtlpReceiver.ReceivedSpan> byId = new HashMap<>();
            trace.forEach(s -> byId.put(s.spanId(), s));
            for (OtlpReceiver.ReceivedSpan s : trace) {
                if (!s.name().equals("edge.send")) {
                    assertThat(byId).as("the parent of %s is in the trace", s.name()).containsKey(s.parentSpanId());
                }
            }
            assertThat(trace).extracting(OtlpReceiver.ReceivedSpan::name).doesNotContain("topology.gate");
            assertThat(parentOf(byId, trace, "topology.sequence")).isEqualTo("edge.send");
            assertThat(parentOf(byId, trace, "sinks.history")).isEqualTo("topology.sequence");
            assertThat(parentOf(byId, trace, "sinks.route")).isEqualTo("topology.sequence");
            assertThat(trace).filteredOn(s -> s.name().equals("edge.deliver"))
                    .extracting(OtlpReceiver.ReceivedSpan::service).contains("parley-edge");
            assertThat(ack.path("clientMsgId").asText()).isEqualTo("measured");

            for (String log : List.of("edge", "topology", "sinks", "edge-2")) {
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(Files.readString(stack.serviceLog(log))).as(log + ".log").contains("trace=" + traceId));
            }
        }
    }

    @Test
    @Order(2)
    void theDashboardQueriesOnlyMetersTheServicesExpose() throws Exception {
        Set<String> exposed = new TreeSet<>();
        scrapeAll().values().forEach(t -> exposed.addAll(t.names()));
        Set<String> queried = Dashboard.load().metricNames();
        assertThat(queried).isNotEmpty();
        assertThat(exposed).as("metrics the dashboard queries").containsAll(queried);
    }

    @Test
    @Order(3)
    void readinessFollowsKafkaGoingAwayAndComingBack() throws Exception {
        for (String s : SERVICES) {
            await().atMost(WAIT).until(() -> readyStatus(s) == 200);
        }
        stack.stopInfra("kafka");
        try {
            for (String s : SERVICES) {
                await().atMost(WAIT).until(() -> readyStatus(s) == 503);
                assertThat(live(s)).as(s + " stays live without Kafka").isEqualTo(200);
            }
        } finally {
            stack.startInfra("kafka");
        }
        for (String s : SERVICES) {
            await().atMost(Duration.ofSeconds(90)).until(() -> readyStatus(s) == 200);
        }
    }

    private static String parentOf(Map<String, OtlpReceiver.ReceivedSpan> byId, List<OtlpReceiver.ReceivedSpan> trace,
                                   String name) {
        OtlpReceiver.ReceivedSpan span = trace.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        return byId.get(span.parentSpanId()).name();
    }

    private static double delta(Map<String, PrometheusText> before, Map<String, PrometheusText> after, String service,
                                String metric, String... labels) {
        return after.get(service).sum(metric, labels) - before.get(service).sum(metric, labels);
    }

    /** Lets acks, deliveries and history writes of what was sent settle before a scrape. */
    private static void awaitQuiet() {
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Map<String, PrometheusText> scrapeAll() throws Exception {
        Map<String, PrometheusText> out = new HashMap<>();
        for (String s : SERVICES) {
            out.put(s, PrometheusText.parse(get(s, "/metrics").body()));
        }
        return out;
    }

    private static int readyStatus(String service) {
        try {
            return get(service, "/health/ready").statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static int live(String service) throws Exception {
        return get(service, "/health/live").statusCode();
    }

    private static HttpResponse<String> get(String service, String path) throws Exception {
        URI url = URI.create(stack.observeUrl(service) + path);
        return HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void sendUntilAccepted(WsConnection ws, String clientMsgId, String conversation) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            int mark = ws.count();
            ws.send(clientMsgId, conversation, "warm");
            JsonNode reply = ws.awaitFrom(mark, f -> clientMsgId.equals(f.path("clientMsgId").asText())
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())), WAIT);
            if ("ack".equals(reply.path("type").asText()) || System.nanoTime() > deadline) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
