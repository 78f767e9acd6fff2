package dev.parley.replay.internal.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.event.Command;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.topology.TopologyTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ShadowCompare} on the real broker: both sides written by the test under prefixes of its
 * own (the "live" side too, commands included), three partitions each, so replies of one user land
 * in different partitions than the messages of their conversation.
 */
class ShadowCompareIT {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final Instant T = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    static final Origin NODE_A = new Origin("node-a", "s-1");
    static final Origin NODE_B = new Origin("node-b", "s-2");
    static Map<String, Object> props;
    static Admin admin;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfra.get().kafkaBootstrap());
        admin = Admin.create(props);
        // Not idempotent: on topics this new a first NOT_LEADER made the idempotent producer retry
        // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout.
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.get("bootstrap.servers"),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    /** Both sides of one test: a "live" side with every name (commands too) under its own prefix. */
    record Sides(TopologyTopics live, TopologyTopics shadow) {
        static Sides create(String name) throws Exception {
            String p = "it-" + RUN + "-" + name + ".live.";
            TopologyTopics live = new TopologyTopics(p + Topics.COMMANDS.name(), p + Topics.MEMBERSHIPS.name(),
                    p + Topics.COMMANDS_BY_CONVERSATION.name(), p + Topics.MESSAGES.name(), p + Topics.DELIVERIES.name(),
                    p + Topics.READS.name(), p + Topics.REPLIES.name(), p + Topics.DEAD_LETTERS.name(),
                    p + Topics.COMMANDS_BY_CONVERSATION.name());
            TopologyTopics shadow = TopologyTopics.shadow("it-" + RUN + "-" + name + ".shadow.");
            List<String> names = List.of(live.commands(), live.messages(), live.replies(), shadow.messages(),
                    shadow.replies());
            admin.createTopics(names.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
            awaitLeaders(names);
            return new Sides(live, shadow);
        }
    }

    static void awaitLeaders(List<String> topics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            assertThat(System.nanoTime()).as("leaders of " + topics).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void identicalSidesAgree() throws Exception {
        Sides sides = Sides.create("same");
        common(sides);
        Message m2 = message("c1", 2, "u2", "cm-2", "second", 2);
        send(sides.live().commands(), 2, m2, NODE_B);
        accept(sides.live(), m2, NODE_B, 2);
        accept(sides.shadow(), m2, NODE_B, 2);
        flush();

        ShadowReport report = ShadowCompare.compare(props, sides.live(), sides.shadow());
        report.print(System.out, 20);
        assertThat(report.divergent()).isFalse();
        assertThat(report.compared()).isEqualTo(1);
        assertThat(report.notComparable()).isEqualTo(1);
        assertThat(report.messagesCompared()).isEqualTo(3);
        assertThat(report.outcomesCompared()).isEqualTo(4);
        assertThat(report.liveOtherReplies()).isEqualTo(1);
        assertThat(report.undecodable()).containsExactly(Map.entry(sides.live().messages(), 1L));
    }

    @Test
    void aChangedMessageAndAnExtraRateLimitAreExactlyTheDivergences() throws Exception {
        Sides sides = Sides.create("diverge");
        common(sides);
        TopologyTopics live = sides.live();
        TopologyTopics shadow = sides.shadow();
        // seq 2 has another body in the shadow.
        Message m2 = message("c1", 2, "u2", "cm-2", "second", 2);
        send(live.commands(), 2, m2, NODE_B);
        accept(live, m2, NODE_B, 2);
        accept(shadow, new Message("c1", 2, m2.messageId(), "u2", "cm-2", "changed", m2.sentAt()), NODE_B, 2);
        // u1 retries cm-3 once more: live answers with the original ack, the shadow rate limits it.
        SendCommand retry = command("u1", "c1", "cm-3", "id-retry", "third", 6, NODE_A);
        produce(live.commands(), "u1", Topics.COMMANDS.valueSerde().serializer().serialize("", retry), 6);
        AckFrame ack3 = new AckFrame("cm-3", "c1", 3, "id-c1-3", at(3));
        reply(live.replies(), NODE_A, "u1", ack3, 6);
        reply(shadow.replies(), NODE_A, "u1", new ErrorFrame(ErrorCode.RATE_LIMITED, "slow down", "cm-3", 500L), 6);
        // After the shadow's snapshot: live went on, the shadow had stopped.
        Message late = message("c1", 4, "u1", "cm-9", "late", 100);
        send(live.commands(), 100, late, NODE_A);
        accept(live, late, NODE_A, 100);
        flush();

        ShadowReport report = ShadowCompare.compare(props, live, shadow, at(50));
        report.print(System.out, 20);
        assertThat(report.divergences()).containsExactly(
                new Divergence("c1", Divergence.Kind.MESSAGE, "seq 2", "body=\"second\"", "body=\"changed\""),
                new Divergence("c1", Divergence.Kind.OUTCOME, "u1/cm-3", "[ack 3, ack 3, ack 3]",
                        "[ack 3, ack 3, rate_limited]"));
        assertThat(report.messagesCompared()).isEqualTo(3);
        assertThat(report.outcomesCompared()).isEqualTo(4);
        assertThat(report.leftOut()).isEqualTo(3);
        assertThat(report.notComparable()).isEqualTo(1);
    }

    /**
     * What both tests share, alike on both sides except seq 2 (each test writes it): c1's sends by u1
     * and u2, a retry answered with the original ack, a not_member, a refused read; c0 begun before
     * the retained commands; a record that is not JSON and a tombstone.
     */
    static void common(Sides sides) {
        TopologyTopics live = sides.live();
        Message m1 = message("c1", 1, "u1", "cm-1", "first", 1);
        Message m3 = message("c1", 3, "u1", "cm-3", "third", 3);
        for (TopologyTopics side : List.of(live, sides.shadow())) {
            accept(side, m1, NODE_A, 1);
            accept(side, m3, NODE_A, 3);
            reply(side.replies(), NODE_A, "u1", ack(m3), 4); // the retry at 4
            reply(side.replies(), NODE_B, "u3", ErrorFrame.of(ErrorCode.NOT_MEMBER, "no", "cm-x"), 5);
            reply(side.replies(), NODE_B, "u3", ErrorFrame.of(ErrorCode.NOT_MEMBER, "no"), 5);
        }
        send(live.commands(), 1, m1, NODE_A);
        send(live.commands(), 3, m3, NODE_A);
        produce(live.commands(), "u1", Topics.COMMANDS.valueSerde().serializer()
                .serialize("", command("u1", "c1", "cm-3", "id-retry-0", "third", 4, NODE_A)), 4);
        produce(live.commands(), "u3", Topics.COMMANDS.valueSerde().serializer()
                .serialize("", command("u3", "c1", "cm-x", "id-x", "hi", 5, NODE_B)), 5);
        for (long seq = 1; seq <= 2; seq++) {
            Message old = message("c0", seq, "u1", "old-" + seq, "long ago", -100_000);
            produce(live.messages(), "c0", Topics.MESSAGES.valueSerde().serializer().serialize("", old), -100_000);
        }
        produce(live.messages(), "c1", "not json {".getBytes(StandardCharsets.UTF_8), 1);
        produce(live.replies(), NODE_A.nodeId(), null, 1);
    }

    static void accept(TopologyTopics side, Message m, Origin origin, long seconds) {
        produce(side.messages(), m.conversationId(), Topics.MESSAGES.valueSerde().serializer().serialize("", m), seconds);
        reply(side.replies(), origin, m.senderId(), ack(m), seconds);
    }

    static void send(String commands, long seconds, Message m, Origin origin) {
        Command c = command(m.senderId(), m.conversationId(), m.clientMsgId(), m.messageId(), m.body(), seconds, origin);
        produce(commands, m.senderId(), Topics.COMMANDS.valueSerde().serializer().serialize("", c), seconds);
    }

    static void reply(String topic, Origin origin, String user, ServerFrame frame, long seconds) {
        produce(topic, origin.nodeId(), Topics.REPLIES.valueSerde().serializer()
                .serialize("", new Reply(origin, user, frame)), seconds);
    }

    static final List<Future<RecordMetadata>> SENT = new ArrayList<>();

    static void produce(String topic, String key, byte[] value, long seconds) {
        SENT.add(producer.send(new ProducerRecord<>(topic, null, at(seconds).toEpochMilli(), key, value)));
    }

    /** Fails the test when a record was not written, rather than comparing less than it thinks. */
    static void flush() throws Exception {
        producer.flush();
        for (Future<RecordMetadata> f : SENT) {
            f.get();
        }
        SENT.clear();
    }

    static Message message(String conversation, long seq, String user, String clientMsgId, String body, long seconds) {
        return new Message(conversation, seq, "id-" + conversation + "-" + seq, user, clientMsgId, body, at(seconds));
    }

    static SendCommand command(String user, String conversation, String clientMsgId, String messageId, String body,
                               long seconds, Origin origin) {
        return new SendCommand(user, conversation, clientMsgId, messageId, body, origin, at(seconds));
    }

    static AckFrame ack(Message m) {
        return new AckFrame(m.clientMsgId(), m.conversationId(), m.seq(), m.messageId(), m.sentAt());
    }

    static Instant at(long seconds) {
        return T.plusSeconds(seconds);
    }
}
