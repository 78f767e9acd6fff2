package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Guarantees 1 and 2 across a crash, on the real broker: two topology instances (child JVMs of the
 * built jar) share the work; one is SIGKILLed mid-stream while commands keep coming, restarted,
 * then stopped with SIGTERM and restarted again. Read read_committed, the log has per conversation
 * exactly the seqs 1..n, every (sender, clientMsgId) has exactly one message, every command exactly
 * one ack that matches its message, and every retry the original ack.
 */
class TwoInstancesFailoverIT {
    static final int COMMANDS = 4500;
    static final int KILL_AFTER = 1200;
    static final int PER_SECOND = 150;
    static final int USERS = 8;
    static final int CONVERSATIONS = 12;
    static final double RETRY_SHARE = 0.15;
    static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

    /** One command the test produced, and when. */
    record Sent(SendCommand command, boolean retry, long sentNanos) {
        String clientKey() {
            return command.userId() + "/" + command.conversationId() + "/" + command.clientMsgId();
        }

        String session() {
            return command.origin().sessionId();
        }
    }

    @Test
    void killingOneOfTwoInstancesMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        TestInfra infra = RealInfra.get();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path work = Path.of("target", "it-failover-" + run).toAbsolutePath();
        String nodeId = "node-" + run;
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> "u" + i + "-" + run).toList();
        List<String> conversations = IntStream.range(0, CONVERSATIONS).mapToObj(i -> "c" + i + "-" + run).toList();

        try (KafkaIO io = new KafkaIO(infra.kafkaBootstrap());
             TopologyProcess a = instance("a", infra, run, work);
             TopologyProcess b = instance("b", infra, run, work)) {
            for (String c : conversations) {
                io.members(new ConversationMembers(c, "group", "t", users, 1, Instant.now()));
            }
            ItReport.line("failover: instance a READY after " + ItReport.ms(a.start(READY_TIMEOUT))
                    + ", b after " + ItReport.ms(b.start(READY_TIMEOUT)));
            List<Sent> sent;
            try (ReplyWatcher watcher = new ReplyWatcher(io, nodeId)) {
                CountDownLatch killPoint = new CountDownLatch(1);
                CompletableFuture<List<Sent>> producing = CompletableFuture.supplyAsync(
                        () -> produce(io, nodeId, users, conversations, killPoint));

                killPoint.await();
                long killedAt = System.nanoTime();
                b.kill();
                Duration afterKill = b.start(READY_TIMEOUT);
                ItReport.line("failover: b SIGKILLed after " + KILL_AFTER + " commands; restarted at once, READY after "
                        + ItReport.ms(afterKill) + " (the group first waits out the dead member's session timeout)");
                Duration exit = b.stop();
                Duration afterTerm = b.start(READY_TIMEOUT);
                ItReport.line("failover: b SIGTERM: exited in " + ItReport.ms(exit) + ", restarted READY after "
                        + ItReport.ms(afterTerm) + " (it had left the group)");

                sent = producing.get();
                io.flush();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                        .until(() -> watcher.count() >= COMMANDS);
                reportLatency(sent, watcher, killedAt);
            }
            verify(io, nodeId, Set.copyOf(conversations), sent);
        }
    }

    private static TopologyProcess instance(String name, TestInfra infra, String run, Path work) {
        return new TopologyProcess(name, Map.of(
                "PARLEY_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "PARLEY_TOPOLOGY_APPLICATION_ID", "it-failover-" + run,
                "PARLEY_TOPOLOGY_STATE_DIR", work.resolve("state-" + name).toString(),
                // High enough that the rate limit never refuses: this test is about sequencing.
                "PARLEY_TOPOLOGY_RATE_SUSTAINED_PER_SECOND", "100000",
                "PARLEY_TOPOLOGY_RATE_BURST", "100000"), work);
    }

    /** A steady stream of sends; about one in seven repeats an earlier (sender, conversation, clientMsgId). */
    private static List<Sent> produce(KafkaIO io, String nodeId, List<String> users, List<String> conversations,
                               CountDownLatch killPoint) {
        Random random = new Random(42);
        List<Sent> sent = new ArrayList<>();
        List<Sent> originals = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < COMMANDS; i++) {
            LockSupport.parkNanos(start + i * 1_000_000_000L / PER_SECOND - System.nanoTime());
            boolean retry = !originals.isEmpty() && random.nextDouble() < RETRY_SHARE;
            SendCommand c;
            Origin origin = new Origin(nodeId, "s" + i);
            if (retry) {
                SendCommand o = originals.get(random.nextInt(originals.size())).command();
                // A retry is a new frame: the edge mints a new messageId for it.
                c = new SendCommand(o.userId(), o.conversationId(), o.clientMsgId(), UUID.randomUUID().toString(),
                        o.body(), origin, Instant.now());
            } else {
                c = new SendCommand(users.get(random.nextInt(users.size())),
                        conversations.get(random.nextInt(conversations.size())), "m" + i,
                        UUID.randomUUID().toString(), "body " + i, origin, Instant.now());
            }
            Sent s = new Sent(c, retry, System.nanoTime());
            io.command(c);
            sent.add(s);
            if (!retry) {
                originals.add(s);
            }
            if (i + 1 == KILL_AFTER) {
                killPoint.countDown();
            }
        }
        return sent;
    }

    private static void verify(KafkaIO io, String nodeId, Set<String> conversations, List<Sent> sent) {
        List<Message> log = io.readAll(Topics.MESSAGES, r -> conversations.contains(r.key())).stream()
                .map(ConsumerRecord::value).toList();
        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        log.forEach(m -> seqs.computeIfAbsent(m.conversationId(), k -> new ArrayList<>()).add(m.seq()));
        // Guarantee 1: in log order, every conversation holds exactly 1..n.
        seqs.forEach((c, s) -> assertThat(s).as("seqs of %s in log order", c)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, s.size()).boxed().toList()));

        Map<String, List<Message>> byClientKey = log.stream().collect(Collectors.groupingBy(
                m -> m.senderId() + "/" + m.conversationId() + "/" + m.clientMsgId()));
        Map<String, Sent> originals = new HashMap<>();
        sent.stream().filter(s -> !s.retry()).forEach(s -> originals.put(s.clientKey(), s));
        // Guarantee 2: every accepted (sender, clientMsgId) is exactly one message, the original's.
        assertThat(byClientKey.keySet()).isEqualTo(originals.keySet());
        byClientKey.forEach((k, ms) -> assertThat(ms).as("messages of %s", k).hasSize(1));
        originals.forEach((k, s) -> assertThat(byClientKey.get(k).getFirst().messageId())
                .isEqualTo(s.command().messageId()));

        Map<String, List<Reply>> replies = io.answersOf(nodeId).stream()
                .collect(Collectors.groupingBy(r -> r.origin().sessionId()));
        // Every command got exactly one reply, an ack that names its message.
        assertThat(replies.keySet()).isEqualTo(sent.stream().map(Sent::session).collect(Collectors.toSet()));
        replies.forEach((session, rs) -> assertThat(rs).as("replies of %s", session).hasSize(1));
        for (Sent s : sent) {
            Message m = byClientKey.get(s.clientKey()).getFirst();
            assertThat(replies.get(s.session()).getFirst().frame()).as("reply of %s", s.session())
                    .isEqualTo(new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt()));
        }
        // ... and a retry's ack is the original's ack, to the field.
        sent.stream().filter(Sent::retry).forEach(s -> assertThat(replies.get(s.session()).getFirst().frame())
                .isEqualTo(replies.get(originals.get(s.clientKey()).session()).getFirst().frame()));
        long retries = sent.stream().filter(Sent::retry).count();
        ItReport.line("failover: verified " + sent.size() + " commands (" + retries + " retries), " + log.size()
                + " messages in " + seqs.size() + " conversations: gap-free, duplicate-free, acks match");
    }

    /** Produce to ack-visible (read_committed) latency: before the kill, and for what was sent in the 30 s after it. */
    private static void reportLatency(List<Sent> sent, ReplyWatcher watcher, long killedAt) {
        long[] before = sent.stream().filter(s -> s.sentNanos() < killedAt)
                .mapToLong(s -> watcher.seenAt(s.session()) - s.sentNanos()).toArray();
        long[] afterKill = sent.stream().filter(s -> s.sentNanos() >= killedAt
                        && s.sentNanos() < killedAt + Duration.ofSeconds(30).toNanos())
                .mapToLong(s -> watcher.seenAt(s.session()) - s.sentNanos()).toArray();
        ItReport.line("failover: produce->ack visible, sent before the SIGKILL: " + ItReport.percentiles(before));
        ItReport.line("failover: produce->ack visible, sent within 30 s after the SIGKILL: "
                + ItReport.percentiles(afterKill));
        int[] perSecond = new int[60];
        sent.forEach(s -> {
            long second = Math.floorDiv(watcher.seenAt(s.session()) - killedAt, 1_000_000_000L) + 10;
            if (second >= 0 && second < perSecond.length) {
                perSecond[(int) second]++;
            }
        });
        ItReport.line("failover: acks visible per second, from 10 s before the SIGKILL: "
                + java.util.Arrays.toString(perSecond));
    }
}
