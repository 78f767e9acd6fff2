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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

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
    final TestOutputTopic<String, Delivery> deliveries;
    final TestOutputTopic<String, Reply> replies;
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
        deliveries = output(Topics.DELIVERIES);
        replies = output(Topics.REPLIES);
        reads = output(Topics.READS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> t) {
        return driver.createInputTopic(t.name(), t.keySerde().serializer(), t.valueSerde().serializer());
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
    }

    @Override
    public void close() {
        driver.close();
    }
}
