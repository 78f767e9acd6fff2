package dev.parley.sinks.internal;

import dev.parley.sinks.NodePublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A {@link NodePublisher} that records what was published, in order, for unit tests. */
public final class InMemoryNodePublisher implements NodePublisher {
    /** One publish: the node and the envelope JSON. */
    public record Published(String nodeId, String json) {
    }

    private final List<Published> published = new ArrayList<>();
    private int failuresLeft;

    /** The next {@code n} publishes fail (and are not recorded) as an unreachable Redis would. */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    @Override
    public synchronized CompletionStage<Void> publish(String nodeId, String envelopeJson) {
        if (failuresLeft > 0) {
            failuresLeft--;
            return CompletableFuture.failedFuture(new IllegalStateException("in-memory publisher unavailable"));
        }
        published.add(new Published(nodeId, envelopeJson));
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }
}
