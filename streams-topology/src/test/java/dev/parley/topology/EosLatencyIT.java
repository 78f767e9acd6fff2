package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.infra.Ports;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import dev.parley.testkit.observe.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * A measurement harness, not a speed test: for each exactly_once_v2 setting it runs one topology
 * instance on the real broker, sends commands one at a time and measures how long each takes from
 * the send until its ack is visible to a read_committed reader (both stages, two transactions).
 * The numbers go to {@code target/topology-it-report.txt} (see README.md); only the acks' correctness
 * is asserted, never their speed. After the last ack it also checks that the instance, with
 * everything committed and nothing arriving, does not spin: its stream threads block in poll
 * ({@code TopologyClientSupplier.IDLE_POLL}) instead of looping every {@code poll.ms}.
 */
class EosLatencyIT {
    /** Ten warm-up sends before a measurement; three when only checking the acks. */
    static final int WARMUP = Integer.getInteger("parley.eos.samples", 0) >= 100 ? 10 : 3;
    /**
     * Samples per setting: 10 in the ordinary test run, where only the acks' correctness matters
     * (100 took 137 s of CI); the README's table used 100: {@code -Dparley.eos.samples=100}.
     */
    static final int SAMPLES = Integer.getInteger("parley.eos.samples", 10);
    static final Duration WAIT = Duration.ofMinutes(2);
    /** How long the instance is watched idle: a 1 ms poll loops about 2,000 times in it per thread. */
    static final Duration IDLE = Duration.ofSeconds(2);
    /**
     * The most polls the instance's stream threads (one by default, two before 2026-12-07) may make in
     * {@link #IDLE}: about 20 each at the idle poll; the bound leaves room for a late fetch or a group
     * heartbeat ending a poll early.
     */
    static final int MAX_IDLE_POLLS = 200;

    /** One setting of the three latency knobs (durations as the config keys take them). */
    record Setting(String name, String commitInterval, String pollTimeout, String producerLinger) {
    }

    static final List<Setting> ALL_SETTINGS = List.of(
            new Setting("tuned (service default)", "10ms", "1ms", "0ms"),
            new Setting("Kafka Streams defaults", "100ms", "100ms", "100ms"),
            new Setting("Streams defaults, producer's own linger", "100ms", "100ms", "5ms"),
            new Setting("only the commit interval lowered", "10ms", "100ms", "100ms"));
    /**
     * The ordinary test run checks the acks under the service's own setting only (each setting
     * costs a topology start, about 25 s of CI); measuring ({@code -Dparley.eos.samples=100})
     * compares all four, as the README's table does.
     */
    static final List<Setting> SETTINGS = SAMPLES >= 100 ? ALL_SETTINGS : ALL_SETTINGS.subList(0, 1);

    @Test
    void produceToAckVisibleLatencyPerSetting() throws Exception {
        TestInfra infra = RealInfra.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path work = Path.of("target", "it-latency-" + run).toAbsolutePath();
        try (KafkaIO io = new KafkaIO(infra.kafkaBootstrap())) {
            for (int i = 0; i < SETTINGS.size(); i++) {
                measure(io, infra, work, run + "-" + i, SETTINGS.get(i));
            }
        }
    }

    private static void measure(KafkaIO io, TestInfra infra, Path work, String id, Setting s) throws Exception {
        String user = "u-" + id;
        String conversation = "c-" + id;
        String node = "node-" + id;
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        int observePort = Ports.free();
        try (TopologyProcess topology = new TopologyProcess("latency-" + id, Map.of(
                "PARLEY_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "PARLEY_TOPOLOGY_APPLICATION_ID", "it-latency-" + id,
                "PARLEY_TOPOLOGY_STATE_DIR", work.resolve("state-" + id).toString(),
                "PARLEY_TOPOLOGY_RATE_SUSTAINED_PER_SECOND", "100000",
                "PARLEY_TOPOLOGY_RATE_BURST", "100000",
                "PARLEY_TOPOLOGY_COMMIT_INTERVAL", s.commitInterval(),
                "PARLEY_TOPOLOGY_POLL_TIMEOUT", s.pollTimeout(),
                "PARLEY_TOPOLOGY_PRODUCER_LINGER", s.producerLinger(),
                "PARLEY_OBSERVE_PORT", Integer.toString(observePort)), work);
             KafkaConsumer<String, byte[]> replies = io.answerReader()) {
            topology.start(WAIT);
            replies.seekToEnd(replies.assignment());
            replies.assignment().forEach(replies::position); // resolve the end now, before the first send
            long[] samples = new long[SAMPLES];
            for (int i = 0; i < WARMUP + SAMPLES; i++) {
                // The first ack waits until the new application has worked through earlier tests' input.
                Duration limit = i == 0 ? WAIT : Duration.ofSeconds(30);
                SendCommand c = new SendCommand(user, conversation, "m" + i, UUID.randomUUID().toString(), "hi",
                        new Origin(node, "s" + i), Instant.now());
                long t0 = System.nanoTime();
                io.command(c);
                Reply r = awaitReply(replies, node, "s" + i, limit);
                long took = System.nanoTime() - t0;
                assertThat(r.frame()).isEqualTo(new AckFrame("m" + i, conversation, i + 1, c.messageId(),
                        c.receivedAt()));
                if (i >= WARMUP) {
                    samples[i - WARMUP] = took;
                }
            }
            ItReport.line("latency: " + s.name() + " [commit " + s.commitInterval() + ", poll " + s.pollTimeout()
                    + ", linger " + s.producerLinger() + "]: produce->ack visible " + ItReport.percentiles(samples));
            // Everything sent is acked, so committed: from here on nothing arrives and nothing is owed.
            double before = polls(observePort);
            Thread.sleep(IDLE);
            double idlePolls = polls(observePort) - before;
            ItReport.line("idle: " + s.name() + ": " + (long) idlePolls + " polls of the main consumers in " + IDLE);
            assertThat(idlePolls).as("polls of the stream threads in %s idle", IDLE).isLessThan(MAX_IDLE_POLLS);
        }
    }

    /** The stream threads' polls so far, summed over threads, from the instance's /metrics. */
    private static double polls(int port) throws Exception {
        HttpResponse<String> res;
        try (HttpClient http = HttpClient.newHttpClient()) {
            res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(res.statusCode()).isEqualTo(200);
        PrometheusText scrape = PrometheusText.parse(res.body());
        assertThat(scrape.names()).as("the stream threads' poll counter").contains("kafka_stream_thread_poll_total");
        return scrape.sum("kafka_stream_thread_poll_total");
    }

    private static Reply awaitReply(KafkaConsumer<String, byte[]> replies, String node, String session, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(5))) {
                Reply reply = KafkaIO.answer(r, node);
                if (reply != null && session.equals(reply.origin().sessionId())) {
                    return reply;
                }
            }
        }
        throw new AssertionError("no reply for " + session + " within " + limit);
    }
}
