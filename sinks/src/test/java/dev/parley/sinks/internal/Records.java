package dev.parley.sinks.internal;

import dev.parley.common.json.Json;
import dev.parley.common.topic.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test records as the workers' consumers see them: String keys, JSON bytes. */
final class Records {
    private Records() {
    }

    static ConsumerRecord<String, byte[]> of(Topic<String, ?> topic, int partition, long offset, String key,
                                             Object value) {
        return new ConsumerRecord<>(topic.name(), partition, offset, key, Json.writeBytes(value));
    }

    static ConsumerRecord<String, byte[]> raw(Topic<String, ?> topic, int partition, long offset, String text) {
        return new ConsumerRecord<>(topic.name(), partition, offset, "k", text.getBytes(StandardCharsets.UTF_8));
    }
}
