package dev.parley.topology;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.json.JsonSerde;
import dev.parley.common.limit.TokenBucket;
import dev.parley.topology.internal.CommandGate;
import dev.parley.topology.internal.CommitPacer;
import dev.parley.topology.internal.ConversationProcessor;
import dev.parley.topology.internal.DedupeLog;
import dev.parley.topology.internal.MembershipUpdater;
import dev.parley.topology.internal.Names;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology that turns client commands into the ordered log, deliveries and
 * replies (see streams-topology/README.md for the design).
 *
 * <pre>
 * commands.v1 (by user) → stage 1: validate, rate limit → commands.by-conversation | replies | dead-letters
 * commands.v2 + commands.by-conversation + memberships (by conversation)
 *                    → stage 2: membership, dedupe, seq → messages | deliveries | reads | replies | dead-letters
 * </pre>
 *
 * <p>The edges write {@code commands.v2}, keyed by conversation and already rate limited, so a
 * message crosses one exactly-once transaction; stage 1 serves {@code commands.v1} (older edges)
 * and shadow runs. Stage 2 reads its topics in one sub-topology because its processors share the
 * members store, so Kafka Streams assigns partition p of every one of them to the same task: they
 * must have the same partition count and the same key (conversation id).
 */
public final class ParleyTopology {
    private ParleyTopology() {
    }

    /** A pure function of the config: the same config always builds the same topology. */
    public static Topology build(TopologyConfig config) {
        TokenBucket bucket = new TokenBucket(config.rateBurst(), config.rateSustainedPerSecond());
        TopologyTopics topics = config.topics();
        // One per topology, so two topologies in one JVM (a shadow run beside the live one) pace apart.
        CommitPacer pacer = new CommitPacer(config.tuning().commitInterval(), config.tuning().catchUpAfter());
        Topology t = new Topology();

        // Raw keys and values everywhere: each processor decodes its input itself, so whatever it
        // cannot read is dead-lettered with the original bytes.
        source(t, Names.COMMANDS_SOURCE, topics.commands());
        t.addProcessor(Names.GATE, pacer.paced(() -> new CommandGate(bucket)), Names.COMMANDS_SOURCE);
        t.addStateStore(unlogged(Names.BUCKETS_STORE, new JsonSerde<>(TokenBucket.State.class)), Names.GATE);
        sink(t, Names.GATE_TO_CONVERSATIONS, topics.commandsByConversation(), Names.GATE);
        sink(t, Names.GATE_REPLIES, topics.replies(), Names.GATE);
        sink(t, Names.GATE_DEAD_LETTERS, topics.deadLetters(), Names.GATE);

        source(t, Names.MEMBERSHIPS_SOURCE, topics.memberships());
        // Stage 1's output and the edges' commands are one source: the same processor, the same task.
        source(t, Names.BY_CONVERSATION_SOURCE, topics.sequencerCommands(), topics.edgeCommands());
        t.addProcessor(Names.MEMBERSHIPS, pacer.paced(MembershipUpdater::new), Names.MEMBERSHIPS_SOURCE);
        t.addProcessor(Names.CONVERSATIONS, pacer.paced(() -> new ConversationProcessor(config.dedupeWindow(),
                config.typingInterval())), Names.BY_CONVERSATION_SOURCE);
        t.addStateStore(store(Names.MEMBERS_STORE, new JsonSerde<>(ConversationMembers.class)),
                Names.MEMBERSHIPS, Names.CONVERSATIONS);
        t.addStateStore(store(Names.SEQUENCES_STORE, Serdes.Long()), Names.CONVERSATIONS);
        t.addStateStore(store(Names.DEDUPE_STORE, new JsonSerde<>(DedupeLog.Entry.class)), Names.CONVERSATIONS);
        t.addStateStore(store(Names.READS_STORE, Serdes.Long()), Names.CONVERSATIONS);
        t.addStateStore(unlogged(Names.TYPING_STORE, Serdes.Long()), Names.CONVERSATIONS);
        sink(t, Names.MEMBERSHIPS_DEAD_LETTERS, topics.deadLetters(), Names.MEMBERSHIPS);
        sink(t, Names.MESSAGES_SINK, topics.messages(), Names.CONVERSATIONS);
        sink(t, Names.DELIVERIES_SINK, topics.deliveries(), Names.CONVERSATIONS);
        sink(t, Names.READS_SINK, topics.reads(), Names.CONVERSATIONS);
        sink(t, Names.CONVERSATION_REPLIES, topics.replies(), Names.CONVERSATIONS);
        sink(t, Names.CONVERSATION_DEAD_LETTERS, topics.deadLetters(), Names.CONVERSATIONS);
        return t;
    }

    private static void source(Topology t, String name, String... topics) {
        t.addSource(name, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics);
    }

    /**
     * Values arrive encoded: the processors serialise while planning, so a value that cannot be
     * written is dead-lettered before anything is stored (see {@code internal.Plan}). Separate sink
     * nodes per stage: a shared sink would merge both stages into one sub-topology.
     */
    private static void sink(Topology t, String name, String topic, String parent) {
        // Every key of the topology's topics is text (a conversation, user or node id).
        t.addSink(name, topic, Serdes.String().serializer(), Serdes.ByteArray().serializer(), parent);
    }

    /**
     * In memory, without a changelog, for state whose loss on failover or restart costs nothing a
     * changelog write per record would be worth: the typing throttle (at most one extra typing frame
     * per pair) and the rate buckets (a moved user starts with a full bucket, as after an idle
     * minute). Both are evicted by their processor once they hold nothing back.
     */
    private static <V> StoreBuilder<?> unlogged(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), valueSerde)
                .withLoggingDisabled();
    }

    /** Persistent (RocksDB) and changelogged: a restarted or moved task restores its state. */
    private static <V> StoreBuilder<?> store(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }
}
