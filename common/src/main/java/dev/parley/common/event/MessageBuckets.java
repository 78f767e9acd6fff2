package dev.parley.common.event;

/** How message history is bucketed in the CQL store: {@code bucket = seq / SIZE}. */
public final class MessageBuckets {
    /** Messages per history partition. Changing it requires rewriting history by replay. */
    public static final long SIZE = 1000;

    private MessageBuckets() {
    }

    public static long of(long seq) {
        return seq / SIZE;
    }
}
