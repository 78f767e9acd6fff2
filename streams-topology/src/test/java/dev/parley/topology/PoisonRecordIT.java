package dev.parley.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.topic.Topics;
import dev.parley.testkit.infra.RealInfra;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Poison records on the real broker under exactly_once_v2: each becomes a {@link DeadLetter} (read
 * read_committed, so it was committed) with its reason and raw bytes, and the stream goes on with the
 * next record. Covers both paths: stage 1 decodes its own input; stage 2's sources (memberships,
 * commands by conversation) go through Kafka Streams' deserialization handler.
 */
class PoisonRecordIT {
    static final byte[] POISON = "this is not json {".getBytes(StandardCharsets.UTF_8);
    static final Duration WAIT = Duration.ofMinutes(2);
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String NODE = "node-" + RUN;
    static KafkaIO io;
    static TopologyProcess topology;

    @BeforeAll
    static void start() throws Exception {
        RealInfra infra = RealInfra.get();
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
    void aNonJsonMembershipSnapshotIsDeadLetteredByTheHandlerAndTheNextSnapshotApplies() {
        String user = "u-mem-" + RUN;
        String conversation = "c-mem-" + RUN;
        io.raw(Topics.MEMBERSHIPS.name(), conversation, POISON);
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        io.command(send(user, conversation, "member-now"));
        io.flush();

        DeadLetter letter = awaitDeadLetter(conversation);
        assertThat(letter.stage()).isEqualTo("deserialize " + Topics.MEMBERSHIPS.name());
        assertThat(letter.sourceTopic()).isEqualTo(Topics.MEMBERSHIPS.name());
        assertThat(letter.reason()).isNotBlank();
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(POISON);
        // An ack, not not_member: the snapshot after the poison was applied.
        assertThat(awaitReply("member-now").frame()).isInstanceOf(AckFrame.class);
    }

    @Test
    void aNonJsonRecordOnTheByConversationTopicIsDeadLetteredByTheHandlerAndTheStreamGoesOn() {
        String user = "u-bc-" + RUN;
        String conversation = "c-bc-" + RUN;
        io.members(new ConversationMembers(conversation, "group", "t", List.of(user), 1, Instant.now()));
        io.raw(Topics.COMMANDS_BY_CONVERSATION.name(), conversation, POISON);
        io.command(send(user, conversation, "same-partition"));
        io.flush();

        DeadLetter letter = awaitDeadLetter(conversation);
        assertThat(letter.stage()).isEqualTo("deserialize " + Topics.COMMANDS_BY_CONVERSATION.name());
        assertThat(Base64.getDecoder().decode(letter.valueBase64())).isEqualTo(POISON);
        assertThat(awaitReply("same-partition").frame()).isInstanceOfSatisfying(AckFrame.class,
                ack -> assertThat(ack.seq()).isEqualTo(1));
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
        List<ConsumerRecord<String, Reply>> replies = await().atMost(WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> io.readAll(Topics.REPLIES, r -> NODE.equals(r.key())
                        && session.equals(r.value().origin().sessionId())), l -> !l.isEmpty());
        assertThat(replies).hasSize(1);
        return replies.getFirst().value();
    }
}
