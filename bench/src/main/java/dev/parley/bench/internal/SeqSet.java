package dev.parley.bench.internal;

import java.util.BitSet;

/** The seqs of one conversation a device has, and the highest seq up to which it has them all. */
final class SeqSet {
    private final BitSet seen = new BitSet();
    private long contiguous;

    /** Adds a seq; returns false if the device had it already. */
    synchronized boolean add(long seq) {
        if (seq <= 0 || seq > Integer.MAX_VALUE || seen.get((int) seq)) {
            return false;
        }
        seen.set((int) seq);
        while (seen.get((int) contiguous + 1)) {
            contiguous++;
        }
        return true;
    }

    /** Every seq up to this one is here (the {@code after} of a catch-up). */
    synchronized long contiguous() {
        return contiguous;
    }

    /** Whether some seq above {@link #contiguous()} is here, i.e. a seq is missing below it. */
    synchronized boolean hasGap() {
        return seen.length() - 1 > contiguous;
    }
}
