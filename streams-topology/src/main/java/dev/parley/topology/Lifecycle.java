package dev.parley.topology;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/** Follows the streams client's state so {@link Main} can wait for RUNNING and for the end. */
final class Lifecycle implements KafkaStreams.StateListener {
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile KafkaStreams.State last = KafkaStreams.State.CREATED;

    @Override
    public void onChange(KafkaStreams.State now, KafkaStreams.State before) {
        last = now;
        if (now == KafkaStreams.State.RUNNING || !now.isRunningOrRebalancing()) {
            settled.countDown();
        }
        if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
        }
    }

    /** @return null once RUNNING, otherwise why start-up failed */
    String awaitRunning(Duration timeout) {
        try {
            if (!settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return "not RUNNING after " + timeout.toSeconds() + "s (state " + last
                        + "); is Kafka reachable and are the topics created?";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting";
        }
        return last == KafkaStreams.State.RUNNING ? null : "Kafka Streams went to " + last + " while starting (see log)";
    }

    /** Blocks until the client has stopped; returns ERROR or NOT_RUNNING. */
    KafkaStreams.State awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return last;
    }
}
