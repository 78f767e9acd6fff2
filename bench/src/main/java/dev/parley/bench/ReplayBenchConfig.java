package dev.parley.bench;

import dev.parley.common.config.Settings;

/**
 * The replay profile: {@code messages} messages of {@code bodyBytes}-byte (ASCII) bodies, spread
 * round-robin over {@code conversations} conversations (seq 1.. in each), so the log holds the
 * interleaving a live system writes and the rebuild's batches touch many partitions at once.
 */
public record ReplayBenchConfig(int messages, int conversations, int bodyBytes) {

    /** The {@code bench.replay.*} keys over their defaults; problems are recorded in {@code s}. */
    public static ReplayBenchConfig from(Settings s) {
        return new ReplayBenchConfig(
                s.integer("bench.replay.messages", 200_000, 1, 10_000_000),
                s.integer("bench.replay.conversations", 2000, 1, 1_000_000),
                s.integer("bench.replay.body-bytes", 60, 0, 4000));
    }
}
