package dev.parley.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Records the {@link Harness} has already taken from the driver, read as a {@code TestOutputTopic}
 * is read. Needed because one driver topic feeds two views: the deliveries, and the acks that ride on
 * them, which tests read among the replies in the order the commands were piped.
 */
final class Buffered<V> {
    private final Deque<TestRecord<String, V>> records = new ArrayDeque<>();
    private final Runnable drain;

    /** @param drain moves what the driver produced since into the buffers (this one among them) */
    Buffered(Runnable drain) {
        this.drain = drain;
    }

    void add(TestRecord<String, V> r) {
        records.add(r);
    }

    List<TestRecord<String, V>> readRecordsToList() {
        drain.run();
        List<TestRecord<String, V>> out = new ArrayList<>(records);
        records.clear();
        return out;
    }

    List<V> readValuesToList() {
        return readRecordsToList().stream().map(TestRecord::value).toList();
    }

    V readValue() {
        drain.run();
        if (records.isEmpty()) {
            throw new NoSuchElementException("no record");
        }
        return records.poll().value();
    }

    boolean isEmpty() {
        drain.run();
        return records.isEmpty();
    }

    void forEach(Consumer<TestRecord<String, V>> action) {
        records.forEach(action);
    }
}
