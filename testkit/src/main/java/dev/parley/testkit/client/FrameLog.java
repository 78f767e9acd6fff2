package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The text frames one WebSocket received, parsed and in arrival order, for tests to wait on.
 * Fragments are joined until the last one; a frame that is not JSON is kept as
 * {@code {"type":"<not json>","raw":...}} so that a test sees it rather than losing it.
 */
final class FrameLog {
    /** A text frame as parsed JSON and when it arrived ({@link System#nanoTime()}). */
    record Entry(JsonNode frame, long nanos) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    /** Called by the listener for each fragment (one listener thread at a time). */
    void onText(CharSequence data, boolean last) {
        partial.append(data);
        if (!last) {
            return;
        }
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(partial.toString());
        } catch (Exception e) {
            frame = Json.mapper().createObjectNode().put("type", "<not json>").put("raw", partial.toString());
        }
        partial.setLength(0);
        synchronized (entries) {
            entries.add(new Entry(frame, System.nanoTime()));
            entries.notifyAll();
        }
    }

    /** The first entry at or after {@code fromIndex} whose frame matches; fails after {@code timeout}. */
    Entry awaitFrom(int fromIndex, Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (entries) {
            while (true) {
                for (int i = fromIndex; i < entries.size(); i++) {
                    if (match.test(entries.get(i).frame())) {
                        return entries.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + timeout + "; received "
                            + entries.size() + ": " + entries.stream().map(Entry::frame).toList());
                }
                try {
                    entries.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    int count() {
        synchronized (entries) {
            return entries.size();
        }
    }

    List<Entry> all() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
