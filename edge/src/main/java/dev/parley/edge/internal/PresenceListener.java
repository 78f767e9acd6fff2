package dev.parley.edge.internal;

/**
 * Told by the session registry, after the presence write for the change has completed, when a
 * user's first session on this node opened or their last one here is gone. Called on the
 * presence store's I/O thread: implementations must not block.
 */
public interface PresenceListener {
    PresenceListener NONE = new PresenceListener() {
        @Override
        public void online(String userId) {
        }

        @Override
        public void offline(String userId) {
        }
    };

    void online(String userId);

    void offline(String userId);

    /** A user here sent a read: taking part in a direct conversation may make them visible to its peer. */
    default void tookPart(String userId) {
    }
}
