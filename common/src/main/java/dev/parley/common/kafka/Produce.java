package dev.parley.common.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A producer's send as a stage: the one place the callback and the synchronous throw become one outcome. */
public final class Produce {
    private Produce() {
    }

    /**
     * Completes when the broker acknowledged the record; fails with the callback's error, or with
     * what {@code send} threw itself (a full buffer, a closed producer, metadata not fetched in time).
     */
    public static <K, V> CompletableFuture<Void> acknowledged(Producer<K, V> producer, ProducerRecord<K, V> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }
}
