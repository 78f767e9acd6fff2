package dev.parley.edge.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator about sends whose answer never came ({@link SendBackpressure} forgets them after
 * {@code forgetAfter}). They are worth a look, but a stalled partition loses one with every send: one
 * WARN line per {@link #EVERY_MS} at most, counting the sends forgotten since the last one and naming
 * the first. Not thread-safe: {@link SendBackpressure} holds its lock around every call.
 */
final class ForgottenSendsLog {
    /** Under the shedding rules' logger: operators filter and alert on one category for both. */
    private static final Logger LOG = LoggerFactory.getLogger(SendBackpressure.class);
    static final long EVERY_MS = 10_000;

    private final Duration forgetAfter;
    private long sinceLog;
    private PendingSends.Key first;
    private long lastLogMs = Long.MIN_VALUE / 2;

    ForgottenSendsLog(Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
    }

    /** {@code forgotten} were dropped at {@code nowMs}. */
    void add(PendingSends.Forgotten forgotten, long nowMs) {
        if (forgotten.count() == 0) {
            return;
        }
        sinceLog += forgotten.count();
        first = first == null ? forgotten.first() : first;
        if (nowMs - lastLogMs >= EVERY_MS) {
            LOG.warn("forgot {} sends never answered within {} s (the first: {} of session {})", sinceLog,
                    forgetAfter.toSeconds(), first.clientMsgId(), first.sessionId());
            sinceLog = 0;
            first = null;
            lastLogMs = nowMs;
        }
    }
}
