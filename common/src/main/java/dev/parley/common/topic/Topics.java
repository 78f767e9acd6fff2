package dev.parley.common.topic;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.json.JsonSerde;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue. Names carry a version suffix: an incompatible change of key or value makes
 * a new topic rather than rewriting an old one. Partitions, retention and compaction live in
 * {@code topics.yaml}.
 */
public final class Topics {
    /**
     * Client frames keyed by the user who sent them, rate limited by the topology's stage 1: what
     * edges before {@link #COMMANDS_V2} wrote. Still read, so that nothing an older edge wrote during
     * an upgrade is left behind, and the input of a shadow run's stage 1.
     */
    public static final Topic<String, Command> COMMANDS =
            new Topic<>("parley.commands.v1", Serdes.String(), new JsonSerde<>(Command.class));

    /**
     * Client frames from the edges, keyed by conversation: sends already rate limited per user by
     * the edge, read by the topology's conversation stage directly (one transaction per message).
     * Same partition count as {@link #MEMBERSHIPS}.
     */
    public static final Topic<String, Command> COMMANDS_V2 =
            new Topic<>("parley.commands.v2", Serdes.String(), new JsonSerde<>(Command.class));

    /** Validated, rate-limited commands, keyed by conversation (the topology's own repartition). */
    public static final Topic<String, Command> COMMANDS_BY_CONVERSATION =
            new Topic<>("parley.commands.by-conversation.v1", Serdes.String(), new JsonSerde<>(Command.class));

    /** Member-list snapshots from auth's outbox, keyed by conversation; compacted. */
    public static final Topic<String, ConversationMembers> MEMBERSHIPS =
            new Topic<>("parley.memberships.v1", Serdes.String(), new JsonSerde<>(ConversationMembers.class));

    /** The ordered message log, keyed by conversation: the source of truth stores are rebuilt from. */
    public static final Topic<String, Message> MESSAGES =
            new Topic<>("parley.messages.v1", Serdes.String(), new JsonSerde<>(Message.class));

    /** Accepted read positions, keyed by {@code conversationId/userId}; compacted. */
    public static final Topic<String, ReadPosition> READS =
            new Topic<>("parley.reads.v1", Serdes.String(), new JsonSerde<>(ReadPosition.class));

    /** Frames for sets of recipients, keyed by conversation; routed to edges by the sinks. */
    public static final Topic<String, Delivery> DELIVERIES =
            new Topic<>("parley.deliveries.v1", Serdes.String(), new JsonSerde<>(Delivery.class));

    /** Errors and the acks of repeated sends for one session, keyed by edge node id (new messages' acks ride on {@link #DELIVERIES}). */
    public static final Topic<String, Reply> REPLIES =
            new Topic<>("parley.replies.v1", Serdes.String(), new JsonSerde<>(Reply.class));

    /** Records a stage could not process, with the reason. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("parley.dead-letters.v1", Serdes.String(), new JsonSerde<>(DeadLetter.class));

    /** Every topic above, in the order of {@code topics.yaml}. */
    public static final List<Topic<?, ?>> ALL = List.of(COMMANDS, COMMANDS_V2, COMMANDS_BY_CONVERSATION, MEMBERSHIPS, MESSAGES,
            READS, DELIVERIES, REPLIES, DEAD_LETTERS);

    private Topics() {
    }
}
