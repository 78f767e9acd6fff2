package dev.parley.sinks.internal;

import dev.parley.common.json.Json;
import dev.parley.common.topic.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test records as the workers' consumers see them: key and value bytes as they are on the topic. */
public final class Records {
    private Records() {
    }

    public static ConsumerRecord<byte[], byte[]> of(Topic<String, ?> topic, int partition, long offset, String key,
                                             Object value) {
        return new ConsumerRecord<>(topic.name(), partition, offset, key.getBytes(StandardCharsets.UTF_8),
                Json.writeBytes(value));
    }

    public static ConsumerRecord<byte[], byte[]> raw(Topic<String, ?> topic, int partition, long offset, String text) {
        return bytes(topic, partition, offset, text.getBytes(StandardCharsets.UTF_8));
    }

    public static ConsumerRecord<byte[], byte[]> bytes(Topic<String, ?> topic, int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(topic.name(), partition, offset, "k".getBytes(StandardCharsets.UTF_8), value);
    }
}
