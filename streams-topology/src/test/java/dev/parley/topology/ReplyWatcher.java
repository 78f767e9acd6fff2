package dev.parley.topology;

import dev.parley.common.event.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the answers to one edge node id's sessions (replies, and acks riding on deliveries) live, read_committed, and notes when each session's reply
 * first became visible ({@link System#nanoTime()}), as the edge would see it.
 */
final class ReplyWatcher implements AutoCloseable {
    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReplyWatcher(KafkaIO io, String nodeId) {
        KafkaConsumer<String, byte[]> consumer = io.answerReader();
        thread = Thread.ofPlatform().daemon().name("reply-watcher").start(() -> {
            try (consumer) {
                while (running) {
                    consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                        Reply reply = KafkaIO.answer(r, nodeId);
                        if (reply != null) {
                            long now = System.nanoTime();
                            firstSeenNanos.putIfAbsent(reply.origin().sessionId(), now);
                            replies.putIfAbsent(reply.origin().sessionId(), reply);
                        }
                    });
                }
            }
        });
    }

    int count() {
        return firstSeenNanos.size();
    }

    /** When the reply of {@code sessionId} was first seen, or null. */
    Long seenAt(String sessionId) {
        return firstSeenNanos.get(sessionId);
    }

    Reply reply(String sessionId) {
        return replies.get(sessionId);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
