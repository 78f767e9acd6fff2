package dev.parley.replay.internal.verify;

import dev.parley.common.topic.Topics;
import dev.parley.replay.internal.kafka.LogScan;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the messages, memberships and reads topics as of one moment ({@link LogScan}: committed
 * records only, as the sinks see them) and folds them with {@link LogFold}.
 */
public final class LogSummaries {
    private LogSummaries() {
    }

    /** The topics read; tests use their own. */
    public record TopicNames(String messages, String memberships, String reads) {
        public static TopicNames defaults() {
            return new TopicNames(Topics.MESSAGES.name(), Topics.MEMBERSHIPS.name(), Topics.READS.name());
        }
    }

    /**
     * @param conversations summaries sorted by conversation id
     * @param skipped       records the sinks dead-letter (undecodable or invalid); tombstones are not counted
     */
    public record Result(SortedMap<String, ConversationSummary> conversations, long skipped) {
    }

    public static Result read(Map<String, Object> kafkaProps) {
        return read(kafkaProps, TopicNames.defaults());
    }

    /**
     * @param kafkaProps consumer properties, {@code bootstrap.servers} at least; group, commit and
     *                   isolation settings are overridden
     * @throws IllegalStateException when a topic does not exist or reading stalls
     */
    public static Result read(Map<String, Object> kafkaProps, TopicNames topics) {
        LogFold fold = new LogFold();
        LogScan.read(kafkaProps, List.of(topics.messages(), topics.memberships(), topics.reads()),
                r -> fold(topics, r, fold));
        return new Result(fold.summaries(), fold.skipped());
    }

    private static void fold(TopicNames topics, ConsumerRecord<byte[], byte[]> r, LogFold fold) {
        if (r.value() == null) {
            return; // a tombstone: the sinks skip it without a dead letter
        }
        try {
            if (r.topic().equals(topics.messages())) {
                fold.message(decode(Topics.MESSAGES.valueSerde().deserializer(), r));
            } else if (r.topic().equals(topics.memberships())) {
                fold.membership(decode(Topics.MEMBERSHIPS.valueSerde().deserializer(), r));
            } else if (r.topic().equals(topics.reads())) {
                fold.read(decode(Topics.READS.valueSerde().deserializer(), r));
            }
        } catch (Undecodable e) {
            fold.undecodable();
        }
    }

    private static <V> V decode(Deserializer<V> deserializer, ConsumerRecord<byte[], byte[]> r) throws Undecodable {
        try {
            return deserializer.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            throw new Undecodable();
        }
    }

    /** Kept apart from exceptions thrown by the fold itself, which are bugs, not bad records. */
    private static final class Undecodable extends Exception {
        Undecodable() {
            super(null, null, false, false);
        }
    }
}
