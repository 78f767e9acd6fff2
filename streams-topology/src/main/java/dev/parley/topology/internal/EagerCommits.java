package dev.parley.topology.internal;

/**
 * Whether the stream thread should commit right after a record instead of at the next commit
 * interval: yes while the records of the last second are at most {@code belowPerSecond}.
 *
 * <p>Under exactly-once a record's outputs (its ack, its delivery) become visible to their readers
 * only when its transaction commits. Kafka Streams commits every {@code commit.interval.ms}, so at
 * a low rate a lone record waits up to the whole interval for a commit that could have started at
 * once. Committing after every batch instead halves the latency of one record, but under load the
 * thread then waits in commits instead of filling the open transaction and gets far less done
 * (streams-topology/README.md, "Tried and not kept"). So the commit follows the load: at once while
 * the rate is light, on the interval above it. The rate is counted in ten slots of 100 ms over
 * every command this instance's processors handled (both stages); its stream threads share it
 * (one by default, so the lock is uncontended).
 */
public final class EagerCommits {
    private static final int SLOTS = 10;
    private static final long SLOT_MS = 100;

    private final int belowPerSecond;
    private final long[] counts = new long[SLOTS];
    private long slot = Long.MIN_VALUE;

    /** @param belowPerSecond records per second up to which each record's transaction commits at once; 0: never */
    public EagerCommits(int belowPerSecond) {
        this.belowPerSecond = belowPerSecond;
    }

    /** Counts a record handled at {@code nowMs}; true when its transaction should commit at once. */
    public synchronized boolean record(long nowMs) {
        if (belowPerSecond <= 0) {
            return false;
        }
        long current = Math.floorDiv(nowMs, SLOT_MS);
        if (slot == Long.MIN_VALUE || current - slot >= SLOTS) {
            java.util.Arrays.fill(counts, 0);
        } else {
            for (long s = slot + 1; s <= current; s++) {
                counts[(int) Math.floorMod(s, SLOTS)] = 0;
            }
        }
        slot = Math.max(slot, current);
        counts[(int) Math.floorMod(slot, SLOTS)]++;
        long lastSecond = 0;
        for (long c : counts) {
            lastSecond += c;
        }
        return lastSecond <= belowPerSecond;
    }
}
