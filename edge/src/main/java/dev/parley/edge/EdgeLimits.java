package dev.parley.edge;

import dev.parley.common.config.Settings;
import dev.parley.common.limit.TokenBucket;
import java.time.Duration;

/**
 * The edge's limits on what a client can repeat (issue 9); every key is documented with its
 * default in {@code edge/CONFIG.md}.
 *
 * @param socketsPerUser  open WebSockets of one user on this node; the next upgrade gets 429
 * @param typingInterval  at most one {@code typing} per user and conversation is forwarded per
 *                        interval, the rest dropped silently (zero: no limit)
 * @param readCoalesce    {@code read} frames of one session and conversation within this window are
 *                        coalesced to the highest seq, which is always forwarded (zero: none)
 * @param pings           JSON {@code ping} frames per session; excess dropped silently
 * @param rest            REST calls per user on this node; excess gets 429
 * @param sends           sends per user across every edge node (the contract's guarantee 6, one
 *                        bucket in Redis); excess gets {@code rate_limited} and never reaches Kafka
 * @param maxAckDelay     overload shedding: while the oldest send of this node has waited longer than
 *                        this for its ack, new sends are refused with {@code unavailable} and
 *                        {@code retryAfterMs} (zero: never)
 * @param stallGrace      how long that rule holds off while this node gets no answer at all (a
 *                        failover) and while the stall's backlog is answered after it (zero: a stall
 *                        is shed like overload, the default)
 * @param sheddingAckDelay while shedding, how long of the pipeline's answers may be pending: the
 *                        admitted sends' wait under a sustained overload (at most {@code maxAckDelay})
 */
public record EdgeLimits(int socketsPerUser, Duration typingInterval, Duration readCoalesce, Rate pings,
                         Rate rest, Rate sends, Duration maxAckDelay, Duration stallGrace,
                         Duration sheddingAckDelay) {

    /** A token bucket: {@code perSecond} sustained, bursts of {@code burst}. */
    public record Rate(int perSecond, int burst) {
        /** The same limits in the arithmetic the send limiters and the topology share. */
        public TokenBucket tokenBucket() {
            return new TokenBucket(burst, perSecond);
        }
    }

    static EdgeLimits from(Settings settings) {
        Duration typing = settings.duration("edge.limits.typing-interval", Duration.ofSeconds(2));
        Duration read = settings.duration("edge.limits.read-coalesce", Duration.ofMillis(500));
        if (read.compareTo(Duration.ofSeconds(10)) > 0) {
            settings.problem("edge.limits.read-coalesce must be at most 10s (a read receipt would lag that long)");
        }
        Duration maxAckDelay = overload(settings);
        return new EdgeLimits(
                settings.integer("edge.limits.sockets-per-user", 20, 1, 100_000),
                typing,
                read,
                rate(settings, "edge.limits.ping", 5, 10),
                rate(settings, "edge.limits.rest", 20, 40),
                rate(settings, "edge.limits.send", 10, 20),
                maxAckDelay,
                stallGrace(settings),
                sheddingAckDelay(settings, maxAckDelay));
    }

    /**
     * {@code edge.overload.shedding-ack-delay}, by default half of {@code edge.overload.max-ack-delay}.
     * Little's law puts the admitted sends' median near it under a sustained overload and their tail at
     * about twice it: at the threshold itself (750 ms) the pairs profile's admitted sends took 733 /
     * 1,791 ms (p50 / p99) at 6,400 msgs/s offered, at half of it 366 / 727 ms, with 15 % fewer sends
     * done (docs/performance.md, "Overload: a tighter bound while shedding"). The threshold that starts
     * shedding stays higher, so traffic that never crosses it is never held to this.
     */
    private static Duration sheddingAckDelay(Settings settings, Duration maxAckDelay) {
        Duration d = settings.duration("edge.overload.shedding-ack-delay", maxAckDelay.dividedBy(2));
        if (d.compareTo(maxAckDelay) > 0) {
            settings.problem("edge.overload.shedding-ack-delay (" + d.toMillis()
                    + " ms) must be at most edge.overload.max-ack-delay (" + maxAckDelay.toMillis() + " ms)");
        }
        return d;
    }

    /**
     * The default of {@code edge.overload.stall-grace}: longer than a failover's stall (4–5 s, see
     * {@code internal.StallWatch}), short enough that a pipeline that stopped for longer (a broker
     * restart) is shed, as before, before a backlog of more than a few seconds builds up. It was off
     * by default from {@code ca5ec84} to {@code 652748d}, while runs on a contended host recovered
     * more slowly from the edge SIGKILL with it; on an uncontended one they did not
     * (docs/performance.md, "A stall is not overload").
     */
    public static final Duration STALL_GRACE = Duration.ofSeconds(5);

    private static Duration stallGrace(Settings settings) {
        Duration d = settings.duration("edge.overload.stall-grace", STALL_GRACE);
        if (d.compareTo(Duration.ofSeconds(60)) > 0) {
            settings.problem("edge.overload.stall-grace must be at most 60s (a longer stall is an outage to shed for)");
        }
        return d;
    }

    /**
     * The default of {@code edge.overload.max-ack-delay}. 400 ms was tried (2026-12-06, seventh session):
     * in the pairs profile at four times its knee (6,400 msgs/s offered) the admitted sends' acks took
     * 0.43 / 0.87 s (p50 / p99) instead of 0.80 / 2.18 s, within issue 11's 1 s, and nothing was shed up
     * to 1,600 msgs/s; but the full profile (group fan-out, three brokers, one edge in its knee steps),
     * whose pipeline answers in 250-450 ms at 800 msgs/s, then shed at 800 msgs/s and sustained only
     * 400 (798 at 750 ms). The threshold has to sit above what the pipeline takes at the rates it is
     * meant to carry (docs/performance.md, "Overload at four times the knee").
     */
    public static final Duration MAX_ACK_DELAY = Duration.ofMillis(750);

    private static Duration overload(Settings settings) {
        Duration d = settings.duration("edge.overload.max-ack-delay", MAX_ACK_DELAY);
        if (d.compareTo(Duration.ofSeconds(60)) > 0) {
            settings.problem("edge.overload.max-ack-delay must be at most 60s");
        }
        return d;
    }

    private static Rate rate(Settings settings, String prefix, int perSecond, int burst) {
        int rate = settings.integer(prefix + "-rate", perSecond, 1, 1_000_000);
        int b = settings.integer(prefix + "-burst", burst, 1, 1_000_000);
        if (b < rate) {
            settings.problem(prefix + "-burst (" + b + ") must be at least " + prefix + "-rate (" + rate + ")");
        }
        return new Rate(rate, b);
    }
}
