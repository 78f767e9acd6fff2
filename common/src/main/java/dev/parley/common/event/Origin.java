package dev.parley.common.event;

import java.util.Objects;

/**
 * Where a client frame entered the system: the edge node and the WebSocket session on it.
 * Acks and errors are addressed back to exactly this pair.
 *
 * @param nodeId    id of the edge node that holds the session (stable for the node's lifetime)
 * @param sessionId id of the session, unique across all nodes
 */
public record Origin(String nodeId, String sessionId) {
    public Origin {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
