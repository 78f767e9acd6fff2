package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Poison records on the real broker under exactly_once_v2: each becomes a {@link DeadLetter} (read
 * read_committed, so it was committed) with its reason and raw bytes, and the stream goes on with the
 * next record. Every input topic of the topology (commands, commands by conversation, memberships)
 * gets garbage bytes, a lone surrogate as a JSON escape, the CESU-8 bytes of one, and valid JSON of
 * the wrong shape; the processors decode their own raw input, so each is dead-lettered by its stage.
 */
class PoisonRecordIT {
    static final byte[] POISON = "this is not json {".getBytes(StandardCharsets.UTF_8);
    /** Start-up and the first record on a loaded machine; each later outcome is awaited with {@link #FLOW}. */
    static final Duration WAIT = Duration.ofMinutes(2);
    /** How long the next good record may take to flow once its poison was dead-lettered. */
    static final Duration FLOW = Duration.ofSeconds(30);
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String NODE = "node-" + RUN;
    static KafkaIO io;
    static TopologyProcess topology;

    @BeforeAll
    static void start() throws Exception {
        TestInfra infra = RealInfra.get();
        Path work = Path.of("target", "it-poison-" + RUN).toAbsolutePath();
        io = new KafkaIO(infra.kafkaBootstrap());
        topology = new TopologyProcess("poison", Map.of(
                "PARLEY_KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "PARLEY_TOPOLOGY_APPLICATION_ID", "it-poison-" + RUN,
                "PARLEY_TOPOLOGY_STATE_DIR", work.resolve("state").toString()), work);
        topology.start(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (topology != null) {
            topology.close();
        }
        if (io != null) {
            io.close();
        }
    }

    @Test
    void aNonJsonCommandIsDeadLetteredByStageOneAndTheNextCommandIsProcessed() {
        String user = "u-cmd-" + RUN;
        String conversation = "c-cmd-" + RUN;
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        io.raw(Topics.COMMANDS.name(), user, POISON);
        io.command(send(user, conversation, "after-poison"));
        io.flush();

        DeadLetter letter = awaitDeadLetter(user);
        assertThat(letter.stage()).isEqualTo("stage1");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS.name());
        assertThat(letter.reason()).contains("Command");
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(POISON);
        assertThat(awaitReply("after-poison").frame()).isInstanceOfSatisfying(AckFrame.class,
                ack -> assertThat(ack.seq()).isEqualTo(1));
    }

    @Test
    void aNonJsonMembershipSnapshotIsDeadLetteredAndTheNextSnapshotApplies() {
        String user = "u-mem-" + RUN;
        String conversation = "c-mem-" + RUN;
        io.raw(Topics.MEMBERSHIPS.name(), conversation, POISON);
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        io.command(send(user, conversation, "member-now"));
        io.flush();

        DeadLetter letter = awaitDeadLetter(conversation);
        assertThat(letter.stage()).isEqualTo("stage2-memberships");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.MEMBERSHIPS.name());
        assertThat(letter.reason()).isNotBlank();
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(POISON);
        // An ack, not not_member: the snapshot after the poison was applied.
        assertThat(awaitReply("member-now").frame()).isInstanceOf(AckFrame.class);
    }

    @Test
    void aNonJsonRecordOnTheByConversationTopicIsDeadLetteredAndTheStreamGoesOn() {
        String user = "u-bc-" + RUN;
        String conversation = "c-bc-" + RUN;
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        io.raw(Topics.COMMANDS_BY_CONVERSATION.name(), conversation, POISON);
        io.command(send(user, conversation, "same-partition"));
        io.flush();

        DeadLetter letter = awaitDeadLetter(conversation);
        assertThat(letter.stage()).isEqualTo("stage2");
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(POISON);
        assertThat(awaitReply("same-partition").frame()).isInstanceOfSatisfying(AckFrame.class,
                ack -> assertThat(ack.seq()).isEqualTo(1));
    }

    static final List<String> POISON_NAMES = List.of("garbage", "escaped-surrogate", "cesu-8", "wrong-shape");

    /** The poisons every input topic gets, by name; {@code %s} in a shape is the conversation id. */
    static Map<String, byte[]> poisons(String shape) {
        String[] parts = shape.split("@@");
        return Map.of(
                "garbage", POISON,
                "escaped-surrogate", utf8(parts[0] + "x\\ud800y" + parts[1]),
                "cesu-8", concat(utf8(parts[0] + "x"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("y" + parts[1])),
                "wrong-shape", utf8("{\"kind\":42,\"members\":{\"a\":1},\"conversationId\":[1]}"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A send as an edge writes it, with the body split at {@code @@}. */
    static String sendShape(String user, String conversation, String session) {
        return "{\"kind\":\"send\",\"userId\":\"" + user + "\",\"conversationId\":\"" + conversation
                + "\",\"clientMsgId\":\"" + session + "\",\"messageId\":\"m-" + session + "\",\"body\":\"@@\","
                + "\"origin\":{\"nodeId\":\"" + NODE + "\",\"sessionId\":\"" + session + "\"},"
                + "\"receivedAt\":\"" + Instant.now() + "\"}";
    }

    @Test
    void everyPoisonOnTheCommandsTopicIsDeadLetteredAndTheNextSendIsAcked() {
        Map<String, byte[]> poisons = new java.util.LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (String name : POISON_NAMES) {
            String user = "u-" + name + "-" + RUN;
            String conversation = "c-" + name + "-" + RUN;
            byte[] bytes = poisons(sendShape(user, conversation, "poisoned-" + name + "-" + RUN)).get(name);
            poisons.put(name, bytes);
            io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
            io.raw(Topics.COMMANDS.name(), user, bytes);
            io.command(send(user, conversation, "after-" + name));
        }
        io.flush();
        poisons.forEach((name, bytes) -> {
            DeadLetter letter = awaitDeadLetter("u-" + name + "-" + RUN);
            assertThat(letter.stage()).as(name).isEqualTo("stage1");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS.name());
            assertThat(letter.reason()).as(name).isNotBlank();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).as(name).isEqualTo(bytes);
            assertThat(awaitReply("after-" + name).frame()).as(name).isInstanceOfSatisfying(AckFrame.class,
                    ack -> assertThat(ack.seq()).isEqualTo(1));
        });
        // The two that still name a session were also answered, so that client is not left waiting.
        for (String name : List.of("escaped-surrogate", "cesu-8")) {
            assertThat(awaitReply("poisoned-" + name + "-" + RUN).frame()).isInstanceOfSatisfying(ErrorFrame.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        ItReport.line("poison on " + Topics.COMMANDS.name() + ": 4 poisons dead-lettered and the next sends acked "
                + ItReport.ms(Duration.ofNanos(System.nanoTime() - t0)) + " after the first write");
    }

    @Test
    void everyPoisonOnTheByConversationTopicIsDeadLetteredAndTheNextSendIsAcked() {
        long t0 = System.nanoTime();
        Map<String, byte[]> all = new java.util.LinkedHashMap<>();
        for (String name : POISON_NAMES) {
            String user = "u-bc-" + name + "-" + RUN;
            String conversation = "c-bc-" + name + "-" + RUN;
            byte[] bytes = poisons(sendShape(user, conversation, "bc-poison-" + name + "-" + RUN)).get(name);
            all.put(name, bytes);
            io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
            io.raw(Topics.COMMANDS_BY_CONVERSATION.name(), conversation, bytes);
            io.command(send(user, conversation, "bc-after-" + name));
        }
        io.flush();
        all.forEach((name, bytes) -> {
            DeadLetter letter = awaitDeadLetter("c-bc-" + name + "-" + RUN);
            assertThat(letter.stage()).as(name).isEqualTo("stage2");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS_BY_CONVERSATION.name());
            assertThat(letter.reason()).as(name).isNotBlank();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).as(name).isEqualTo(bytes);
            assertThat(awaitReply("bc-after-" + name).frame()).as(name).isInstanceOfSatisfying(AckFrame.class,
                    ack -> assertThat(ack.seq()).isEqualTo(1));
        });
        ItReport.line("poison on " + Topics.COMMANDS_BY_CONVERSATION.name() + ": 4 poisons dead-lettered and the next "
                + "sends acked " + ItReport.ms(Duration.ofNanos(System.nanoTime() - t0)) + " after the first write");
    }

    @Test
    void everyPoisonOnTheMembershipsTopicIsDeadLetteredAndTheNextSnapshotApplies() {
        long t0 = System.nanoTime();
        Map<String, byte[]> all = new java.util.LinkedHashMap<>();
        for (String name : POISON_NAMES) {
            String user = "u-mb-" + name + "-" + RUN;
            String conversation = "c-mb-" + name + "-" + RUN;
            byte[] bytes = poisons("{\"conversationId\":\"" + conversation + "\",\"kind\":\"group\",\"title\":\"@@\","
                    + "\"members\":[\"" + user + "\"],\"version\":1,\"changedAt\":\"" + Instant.now() + "\"}").get(name);
            all.put(name, bytes);
            io.raw(Topics.MEMBERSHIPS.name(), conversation, bytes);
            io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 2, Instant.now()));
            io.command(send(user, conversation, "mb-after-" + name));
        }
        io.flush();
        all.forEach((name, bytes) -> {
            DeadLetter letter = awaitDeadLetter("c-mb-" + name + "-" + RUN);
            assertThat(letter.stage()).as(name).isEqualTo("stage2-memberships");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.MEMBERSHIPS.name());
            assertThat(letter.reason()).as(name).isNotBlank();
            assertThat(Base64.getDecoder().decode(letter.valueBase64())).as(name).isEqualTo(bytes);
            // An ack, not not_member: the snapshot after the poison was applied.
            assertThat(awaitReply("mb-after-" + name).frame()).as(name).isInstanceOf(AckFrame.class);
        });
        ItReport.line("poison on " + Topics.MEMBERSHIPS.name() + ": 4 poisons dead-lettered and the next snapshots "
                + "applied " + ItReport.ms(Duration.ofNanos(System.nanoTime() - t0)) + " after the first write");
    }

    static SendCommand send(String user, String conversation, String clientMsgId) {
        return new SendCommand(user, conversation, clientMsgId, UUID.randomUUID().toString(), "hello",
                new Origin(NODE, clientMsgId), Instant.now());
    }

    static DeadLetter awaitDeadLetter(String key) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> io.readAll(Topics.DEAD_LETTERS, r -> key.equals(r.key())), l -> !l.isEmpty())
                .getFirst().value();
    }

    static Reply awaitReply(String session) {
        List<Reply> replies = await().atMost(FLOW).pollInterval(Duration.ofMillis(250))
                .until(() -> io.answersOf(NODE).stream().filter(r -> session.equals(r.origin().sessionId())).toList(),
                        l -> !l.isEmpty());
        assertThat(replies).hasSize(1);
        return replies.getFirst();
    }
}
