package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.json.Json;
import dev.parley.common.json.JsonSerde;
import dev.parley.common.limit.TokenBucket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class CommandGateTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    MockProcessorContext<String, byte[]> context;
    KeyValueStore<String, TokenBucket.State> buckets;
    CommandGate gate;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setRecordMetadata("parley.commands.v1", 0, 42);
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        buckets = TestStores.inMemory(context, Names.BUCKETS_STORE, new JsonSerde<>(TokenBucket.State.class));
        gate = new CommandGate(new TokenBucket(2, 1));
        gate.init(context);
    }

    void pipe(Command c, long timestamp) {
        gate.process(TestStores.raw(c.userId(), c, timestamp));
    }

    static SendCommand send(String user, String clientMsgId) {
        return new SendCommand(user, "conv", clientMsgId, "m-" + clientMsgId, "hi", new Origin("node-1", "s-1"), T0);
    }

    @Test
    void acceptedCommandsAreReKeyedByConversation() {
        SendCommand s = send("alice", "a");
        pipe(s, 1000);
        pipe(new TypingCommand("alice", "conv-2", new Origin("node-1", "s-1"), T0), 1000);

        var out = context.forwarded(Names.GATE_TO_CONVERSATIONS);
        assertThat(out.stream().map(f -> (String) f.record().key()).toList()).containsExactly("conv", "conv-2");
        assertThat(TestStores.decoded(out.getFirst().record().value(), Command.class)).isEqualTo(s);
        assertThat(out.getFirst().record().timestamp()).isEqualTo(1000);
    }

    @Test
    void theBucketIsPerUserAndRefilledFromRecordTime() {
        pipe(send("alice", "1"), 1000);
        pipe(send("alice", "2"), 1000);
        pipe(send("alice", "3"), 1000);
        pipe(send("bob", "1"), 1000);
        pipe(send("alice", "4"), 2000);

        assertThat(context.forwarded(Names.GATE_TO_CONVERSATIONS)).extracting(f -> TestStores.decoded(f.record().value(), SendCommand.class).clientMsgId())
                .containsExactly("1", "2", "1", "4");
        var replies = context.forwarded(Names.GATE_REPLIES);
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().record().key()).isEqualTo("node-1");
        ErrorFrame e = (ErrorFrame) TestStores.decoded(replies.getFirst().record().value(), Reply.class).frame();
        assertThat(e).isEqualTo(new ErrorFrame(ErrorCode.RATE_LIMITED, e.message(), "3", 1000L));
    }

    @Test
    void fullBucketsAreEvictedByThePunctuator() {
        pipe(send("alice", "1"), 1000);
        pipe(send("bob", "1"), 1000);
        pipe(send("bob", "2"), 1000);
        var punctuator = context.scheduledPunctuators().getFirst().getPunctuator();

        punctuator.punctuate(1999);
        assertThat(buckets.get("alice")).isNotNull();
        punctuator.punctuate(2000); // alice has refilled her one token, bob not yet both
        assertThat(buckets.get("alice")).isNull();
        assertThat(buckets.get("bob")).isNotNull();
        punctuator.punctuate(3000);
        assertThat(buckets.get("bob")).isNull();
    }

    @Test
    void unreadableBytesAreDeadLetteredWithTheOriginalBytes() {
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        gate.process(new Record<>("alice".getBytes(StandardCharsets.UTF_8), poison, 1000L));

        var letters = context.forwarded(Names.GATE_DEAD_LETTERS);
        assertThat(letters).hasSize(1);
        DeadLetter d = TestStores.decoded(letters.getFirst().record().value(), DeadLetter.class);
        assertThat(d.sourceTopic()).isEqualTo("parley.commands.v1");
        assertThat(d.offset()).isEqualTo(42);
        assertThat(d.stage()).isEqualTo("stage1");
        assertThat(Base64.getDecoder().decode(d.valueBase64())).isEqualTo(poison);
        assertThat(context.forwarded(Names.GATE_TO_CONVERSATIONS)).isEmpty();
    }

    @Test
    void anUnexpectedFailureIsDeadLetteredInsteadOfThrown() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        context.addStateStore(TestStores.failing(Names.BUCKETS_STORE));
        gate = new CommandGate(new TokenBucket(2, 1));
        gate.init(context);
        pipe(send("alice", "1"), 1000);

        var letters = context.forwarded(Names.GATE_DEAD_LETTERS);
        assertThat(letters).hasSize(1);
        assertThat(TestStores.decoded(letters.getFirst().record().value(), DeadLetter.class).reason()).startsWith("unexpected");
    }

    @Test
    void aFailureWhileWritingTheBucketEscapesAndForwardsNothing() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        KeyValueStore<String, TokenBucket.State> inner =
                TestStores.inMemory(context, Names.BUCKETS_STORE, new JsonSerde<>(TokenBucket.State.class));
        context.addStateStore(TestStores.failingWrites(inner));
        gate = new CommandGate(new TokenBucket(2, 1));
        gate.init(context);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipe(send("alice", "1"), 1000))
                .hasMessageContaining("disk full");
        assertThat(context.forwarded()).isEmpty();
    }
}
