package dev.parley.testkit.fakes;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.DeadLetterSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.errors.TimeoutException;

/** A {@link DeadLetterSink} that keeps the letters, for unit tests; {@link #failNext} makes Kafka unreachable. */
public final class InMemoryDeadLetters implements DeadLetterSink {
    private final List<DeadLetter> letters = new ArrayList<>();
    private int failuresLeft;

    /** The next {@code n} sends fail as a producer that cannot reach Kafka does. */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    @Override
    public synchronized CompletionStage<Void> send(byte[] key, DeadLetter letter) {
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new TimeoutException("in-memory dead-letter topic unreachable"));
        }
        letters.add(letter);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<DeadLetter> letters() {
        return List.copyOf(letters);
    }

    /** How many letters were sent so far, without copying them (the fuzz campaign asks after every input). */
    public synchronized int count() {
        return letters.size();
    }

    /** The letters sent since the first {@code from}. */
    public synchronized List<DeadLetter> since(int from) {
        return List.copyOf(letters.subList(from, letters.size()));
    }
}
