package dev.parley.topology;

import dev.parley.common.topic.Topics;
import java.util.List;
import java.util.Map;

/**
 * The topics the topology reads and writes. The service always runs on {@link #LIVE}, the
 * catalogue's names; a shadow run ({@code parley replay shadow}) reads the live memberships and a
 * copy of the live commands (both versions), and writes everything (its repartition topic too)
 * under a prefix of its own, so it never touches the live log.
 *
 * @param commands               client commands by user, rate limited by stage 1 (input; what older
 *                               edges wrote)
 * @param memberships            member-list snapshots by conversation (input)
 * @param commandsByConversation stage 1's output and stage 2's input
 * @param messages               the ordered log
 * @param deliveries             frames for recipients
 * @param reads                  accepted read positions
 * @param replies                acks and errors for sessions
 * @param deadLetters            what a stage could not process
 * @param sequencerCommands      where stage 2 reads stage 1's output: {@code commandsByConversation},
 *                               but in the first phase of a shadow run (stage 1 alone), an empty topic
 * @param edgeCommands           client commands by conversation, rate limited by the edges (input of
 *                               stage 2 directly); in a shadow run an empty topic, since the run
 *                               copies them into its commands so that stage 1 applies the limits
 *                               under test
 */
public record TopologyTopics(String commands, String memberships, String commandsByConversation, String messages,
                             String deliveries, String reads, String replies, String deadLetters,
                             String sequencerCommands, String edgeCommands) {

    /** The Streams property holding the topics object, for the dead-letter handler (Streams passes it on as is). */
    public static final String CONFIG = "parley.topology-topics";

    public static final TopologyTopics LIVE = new TopologyTopics(Topics.COMMANDS.name(), Topics.MEMBERSHIPS.name(),
            Topics.COMMANDS_BY_CONVERSATION.name(), Topics.MESSAGES.name(), Topics.DELIVERIES.name(),
            Topics.READS.name(), Topics.REPLIES.name(), Topics.DEAD_LETTERS.name(),
            Topics.COMMANDS_BY_CONVERSATION.name(), Topics.COMMANDS_V2.name());

    /**
     * The live memberships; every other topic, the commands included, named {@code prefix + live
     * name}. The commands are read from a copy because their order matters across partitions: the
     * replay tool writes it in record-time order, both versions merged (see {@code ShadowRunner}).
     */
    public static TopologyTopics shadow(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("a shadow run needs a topic prefix");
        }
        TopologyTopics l = LIVE;
        return new TopologyTopics(prefix + l.commands, l.memberships, prefix + l.commandsByConversation, prefix + l.messages,
                prefix + l.deliveries, prefix + l.reads, prefix + l.replies, prefix + l.deadLetters,
                prefix + l.commandsByConversation, prefix + l.edgeCommands);
    }

    /** These topics with stage 1 reading {@code topic} instead. */
    public TopologyTopics withCommands(String topic) {
        return new TopologyTopics(topic, memberships, commandsByConversation, messages, deliveries, reads, replies,
                deadLetters, sequencerCommands, edgeCommands);
    }

    /** These topics with stage 2 reading its commands from {@code topic} instead. */
    public TopologyTopics withSequencerCommands(String topic) {
        return new TopologyTopics(commands, memberships, commandsByConversation, messages, deliveries, reads, replies,
                deadLetters, topic, edgeCommands);
    }

    /** These topics with stage 2 reading the edges' commands from {@code topic} instead. */
    public TopologyTopics withEdgeCommands(String topic) {
        return new TopologyTopics(commands, memberships, commandsByConversation, messages, deliveries, reads, replies,
                deadLetters, sequencerCommands, topic);
    }

    /** The topics written (each with the live topic it stands for): a shadow run creates these. */
    public Map<String, String> written() {
        return Map.of(commandsByConversation, LIVE.commandsByConversation, messages, LIVE.messages,
                deliveries, LIVE.deliveries, reads, LIVE.reads, replies, LIVE.replies, deadLetters, LIVE.deadLetters);
    }

    /** The topics read. */
    public List<String> read() {
        return List.of(commands, memberships, sequencerCommands, edgeCommands);
    }

    /** The topics in {@code configs} (a processor's or handler's app configs), or the live ones. */
    public static TopologyTopics of(Map<String, ?> configs) {
        Object o = configs == null ? null : configs.get(CONFIG);
        return o instanceof TopologyTopics t ? t : LIVE;
    }
}
