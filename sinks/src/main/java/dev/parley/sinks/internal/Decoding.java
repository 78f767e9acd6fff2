package dev.parley.sinks.internal;

import dev.parley.common.topic.Topic;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes record values; a record that can never be processed is logged and skipped rather than
 * retried forever (it would block its partition). Tombstones (null values on compacted topics)
 * are skipped silently.
 */
final class Decoding {
    private static final Logger LOG = LoggerFactory.getLogger(Decoding.class);

    private Decoding() {
    }

    /** @return the value, or null when the record is a tombstone, unreadable or fails {@code valid} */
    static <V> V value(Topic<String, V> topic, ConsumerRecord<String, byte[]> record, Predicate<V> valid) {
        if (record.value() == null) {
            return null;
        }
        V value;
        try {
            value = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            skip(record, Outage.describe(e));
            return null;
        }
        if (value == null || !valid.test(value)) {
            skip(record, "required fields missing or invalid");
            return null;
        }
        return value;
    }

    static void skip(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    }

    static boolean present(String s) {
        return s != null && !s.isEmpty();
    }
}
