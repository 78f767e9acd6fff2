package dev.parley.topology;

import dev.parley.common.config.Settings;
import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.observe.Observability;
import dev.parley.common.topic.Topic;
import dev.parley.common.topic.Topics;
import dev.parley.topology.internal.ObserveHooks;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The whole topology in a TopologyTestDriver, with helpers that speak in commands and snapshots. */
final class Harness implements AutoCloseable {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, Command> commands;
    final TestInputTopic<String, Command> edgeCommands;
    final TestInputTopic<String, byte[]> rawEdgeCommands;
    final TestOutputTopic<String, Command> byConversation;
    final TestInputTopic<String, byte[]> rawCommands;
    final TestInputTopic<String, byte[]> rawByConversation;
    final TestInputTopic<String, byte[]> rawMemberships;
    final TestInputTopic<String, ConversationMembers> memberships;
    final TestOutputTopic<String, Message> messages;
    /** The deliveries, the acks riding on them included. */
    final Buffered<Delivery> deliveries = new Buffered<>(this::drain);
    /**
     * What the sessions are answered, in the order the commands were piped: the replies topic's
     * records and, as {@link Reply}s keyed by node, the acks riding on deliveries.
     */
    final Buffered<Reply> replies = new Buffered<>(this::drain);
    private final TestOutputTopic<String, byte[]> deliveryTopic;
    private final TestOutputTopic<String, byte[]> replyTopic;
    /** Every deliveries and replies record drained, as the bytes a consumer gets, until {@link #takeRaw}. */
    private final List<byte[]> raw = new ArrayList<>();
    /** How many of {@link #replies} came from the replies topic itself (the rest rode on deliveries). */
    int fromReplyTopic;
    final TestOutputTopic<String, ReadPosition> reads;
    final TestOutputTopic<String, DeadLetter> deadLetters;
    private Instant now = START;

    /** The topology with its default configuration, its stores in {@code stateDir}. */
    Harness(Path stateDir) {
        this(stateDir, null);
    }

    /** The same, its processors observed by {@code obs} (passed as {@code Main} passes it), or by none when null. */
    Harness(Path stateDir, Observability obs) {
        Settings settings = Settings.of(Map.of(TopologyConfig.STATE_DIR, stateDir.toString()));
        TopologyConfig c = TopologyConfig.from(settings);
        settings.validate();
        Properties props = c.streamsProperties();
        if (obs != null) {
            props.put(ObserveHooks.CONFIG, obs);
        }
        driver = new TopologyTestDriver(ParleyTopology.build(c), props, START);
        commands = input(Topics.COMMANDS);
        rawCommands = raw(Topics.COMMANDS);
        edgeCommands = input(Topics.COMMANDS_V2);
        rawEdgeCommands = raw(Topics.COMMANDS_V2);
        byConversation = output(Topics.COMMANDS_BY_CONVERSATION);
        rawByConversation = raw(Topics.COMMANDS_BY_CONVERSATION);
        rawMemberships = raw(Topics.MEMBERSHIPS);
        memberships = input(Topics.MEMBERSHIPS);
        messages = output(Topics.MESSAGES);
        deliveryTopic = rawOutput(Topics.DELIVERIES);
        replyTopic = rawOutput(Topics.REPLIES);
        reads = output(Topics.READS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
    }

    private TestOutputTopic<String, byte[]> rawOutput(Topic<String, ?> t) {
        return driver.createOutputTopic(t.name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The bytes of the deliveries and replies drained since the last call. */
    List<byte[]> takeRaw() {
        drain();
        List<byte[]> out = List.copyOf(raw);
        raw.clear();
        return out;
    }

    /** Any bytes on a topic, as a broken or hostile producer could write them. */
    private TestInputTopic<String, byte[]> raw(Topic<String, ?> t) {
        return driver.createInputTopic(t.name(), new StringSerializer(), new ByteArraySerializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> t) {
        return driver.createOutputTopic(t.name(), t.keySerde().deserializer(), t.valueSerde().deserializer());
    }

    static Origin origin(String userId) {
        return new Origin("node-" + userId, "session-" + userId);
    }

    Instant now() {
        return now;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    void members(String conversationId, long version, List<String> userIds) {
        memberships.pipeInput(conversationId,
                new ConversationMembers(conversationId, "group", "title", userIds, version, now), now);
    }

    void members(String conversationId, long version, String... userIds) {
        members(conversationId, version, List.of(userIds));
    }

    SendCommand send(String userId, String conversationId, String clientMsgId, String body) {
        SendCommand c = new SendCommand(userId, conversationId, clientMsgId, UUID.randomUUID().toString(), body,
                origin(userId), now);
        command(c);
        return c;
    }

    void read(String userId, String conversationId, long seq) {
        command(new ReadCommand(userId, conversationId, seq, origin(userId), now));
    }

    void typing(String userId, String conversationId) {
        command(new TypingCommand(userId, conversationId, origin(userId), now));
    }

    /** A command as older edges wrote it: on {@code commands.v1}, keyed by user, through stage 1. */
    void command(Command c) {
        commands.pipeInput(c.userId(), c, now);
        drain();
    }

    /** A command as the edges write it: on {@code commands.v2}, keyed by conversation, straight to stage 2. */
    SendCommand edgeSend(String userId, String conversationId, String clientMsgId, String body) {
        SendCommand c = new SendCommand(userId, conversationId, clientMsgId, UUID.randomUUID().toString(), body,
                origin(userId), now);
        edge(c);
        return c;
    }

    void edge(Command c) {
        edgeCommands.pipeInput(c.conversationId(), c, now);
        drain();
    }

    /**
     * Moves what the driver produced on the deliveries and replies topics into their buffers. Called
     * after every command the harness pipes, so acks and replies keep the commands' order; after
     * commands piped directly, the replies topic's records come before the acks.
     */
    private void drain() {
        for (TestRecord<String, byte[]> r : replyTopic.readRecordsToList()) {
            raw.add(r.value());
            replies.add(decoded(r, Topics.REPLIES));
            fromReplyTopic++;
        }
        for (TestRecord<String, byte[]> bytes : deliveryTopic.readRecordsToList()) {
            raw.add(bytes.value());
            TestRecord<String, Delivery> d = decoded(bytes, Topics.DELIVERIES);
            deliveries.add(d);
            Reply ack = d.value().ackReply();
            if (ack != null) {
                replies.add(new TestRecord<>(ack.origin().nodeId(), ack, d.headers(), d.getRecordTime()));
            }
        }
    }

    private static <V> TestRecord<String, V> decoded(TestRecord<String, byte[]> r, Topic<String, V> t) {
        return new TestRecord<>(r.key(), t.valueSerde().deserializer().deserialize(t.name(), r.value()), r.headers(),
                r.getRecordTime());
    }

    @Override
    public void close() {
        driver.close();
    }
}
