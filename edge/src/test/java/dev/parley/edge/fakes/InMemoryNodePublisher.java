package dev.parley.edge.fakes;

import dev.parley.common.redis.NodeEnvelope;
import dev.parley.edge.NodePublisher;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Node channels in memory: every publish is recorded; those for the node under test are handed
 * to its delivery (as its Redis subscription would), the others only recorded.
 */
public final class InMemoryNodePublisher implements NodePublisher {
    /** One publish: the channel's node and the envelope. */
    public record Published(String nodeId, NodeEnvelope envelope) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();
    private volatile String localNode;
    private volatile Consumer<NodeEnvelope> local = e -> { };

    /** Envelopes for {@code nodeId} go to {@code delivery}. */
    public void connect(String nodeId, Consumer<NodeEnvelope> delivery) {
        this.localNode = nodeId;
        this.local = delivery;
    }

    public List<Published> published() {
        return List.copyOf(published);
    }

    @Override
    public CompletionStage<Void> publish(String nodeId, NodeEnvelope envelope) {
        published.add(new Published(nodeId, envelope));
        if (nodeId.equals(localNode)) {
            local.accept(envelope);
        }
        return CompletableFuture.completedFuture(null);
    }
}
