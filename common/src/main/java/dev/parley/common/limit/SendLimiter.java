package dev.parley.common.limit;

/**
 * The contract's per-user send limit (PROTOCOL.md, guarantee 6: sustained rate and burst of a
 * {@link TokenBucket}), taken by the edge before a send reaches Kafka. One bucket per user for
 * every edge node: {@code RedisSendLimiter} keeps it in Redis; {@link LocalRateLimiter} keeps it
 * in this process (tests, and the edge's fallback while Redis cannot be reached).
 *
 * <p>Both follow {@link TokenBucket}'s integer arithmetic, which the topology's stage 1 uses for
 * {@code parley.commands.v1} and for shadow runs, so a replay with the same limits takes the same
 * decisions as the edges did.
 */
public interface SendLimiter {
    /**
     * Takes one token from {@code userId}'s bucket as of {@code nowMs}.
     *
     * @return 0 when the send may go on, else the milliseconds until one token is back
     */
    long take(String userId, long nowMs);

    /**
     * Forgets what this process holds of buckets that are full at {@code nowMs} (a full bucket
     * behaves like none); called by the owner's sweeper so memory follows recent senders.
     */
    void evictFull(long nowMs);
}
