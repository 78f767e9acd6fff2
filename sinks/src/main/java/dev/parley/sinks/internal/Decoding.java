package dev.parley.sinks.internal;

import dev.parley.common.text.Exceptions;
import dev.parley.common.topic.Topic;
import dev.parley.sinks.internal.BatchHandler.Cause;
import dev.parley.sinks.internal.BatchHandler.Rejected;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes record values; a record that can never be processed is rejected (the worker
 * dead-letters it) rather than retried forever, which would block its partition. Tombstones (null
 * values on compacted topics) are skipped silently.
 */
final class Decoding {
    private Decoding() {
    }

    /** @return the value, or null when the record is a tombstone or was added to {@code rejected} */
    static <V> V value(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> record, Predicate<V> valid,
                       List<Rejected> rejected) {
        if (record.value() == null) {
            return null;
        }
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            rejected.add(new Rejected(record, Cause.UNDECODABLE, "cannot decode: " + Exceptions.oneLine(e)));
            return null;
        }
        boolean ok;
        try {
            ok = value != null && valid.test(value);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            rejected.add(new Rejected(record, Cause.INVALID, "required fields missing or invalid"));
            return null;
        }
        return value;
    }

    static void unknownTopic(ConsumerRecord<byte[], byte[]> record, List<Rejected> rejected) {
        rejected.add(new Rejected(record, Cause.UNKNOWN_TOPIC, "not a topic of this stage"));
    }

    static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
