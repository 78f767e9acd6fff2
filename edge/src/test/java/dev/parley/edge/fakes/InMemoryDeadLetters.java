package dev.parley.edge.fakes;

import dev.parley.common.event.DeadLetter;
import dev.parley.edge.DeadLetterSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records dead letters instead of writing them to Kafka. */
public final class InMemoryDeadLetters implements DeadLetterSink {
    private final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

    @Override
    public void send(String key, DeadLetter letter) {
        letters.add(letter);
    }

    public List<DeadLetter> letters() {
        return List.copyOf(letters);
    }
}
