package dev.parley.edge.internal;

import dev.parley.common.event.Message;
import dev.parley.common.frame.MessageFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After this node's channel was down: whatever was routed here meanwhile is lost (Redis pub/sub
 * keeps nothing), so every session is sent, from history, the messages of its user's conversations
 * sent since the channel was lost, through the same seq gate as live deliveries (nothing it already
 * has, nothing out of order). Its client so catches up without reconnecting and without waiting for
 * its next message to show the gap. Where that cannot be done (history unreachable, or more than
 * {@link #MAX_PER_CONVERSATION} messages in one conversation), the user's sessions are closed with
 * 1001 so that their clients reconnect and fetch it themselves.
 *
 * <p>A send of a session here that was still waiting for its answer may have lost it in the gap:
 * such sends stop counting as pending at once (or the edge would take the silence for overload and
 * shed every send for half a minute), and a session gets the ack of its own send when the message
 * is among those pushed. Other lost answers (a refusal, a receipt) are not replayed: a client resends
 * an unanswered send with its {@code clientMsgId} and gets the original answer (idempotent send).
 */
public final class ChannelCatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelCatchUp.class);
    /** {@code sentAt} is the accepting edge's clock, not this one's. */
    static final Duration SKEW = Duration.ofSeconds(5);
    /** Beyond this a session is rather told to reconnect: a client pages history better than a push. */
    static final int MAX_PER_CONVERSATION = 500;
    /** When {@link #runAgain} is due: past the services' reconnect delay and the history writer's lag. */
    public static final Duration AGAIN_AFTER = Duration.ofSeconds(3);

    private final SessionRegistry registry;
    private final SessionOutbound outbound;
    private final HistoryService history;
    private final Executor workers;
    private final Clock clock;

    public ChannelCatchUp(SessionHub hub, HistoryService history, Executor workers, Clock clock) {
        this.registry = hub.registry();
        this.outbound = hub.outbound();
        this.history = history;
        this.workers = workers;
        this.clock = clock;
    }

    /** Catches up every session here on what was sent since {@code lostAt}; returns at once. */
    public void run(Instant lostAt) {
        LOG.warn("node channel was down since {}: catching {} users up from history", lostAt, registry.users().size());
        pass(lostAt, outbound.takeAwaitedBefore(clock.instant()));
    }

    /**
     * The same a little later ({@link #AGAIN_AFTER}): a message routed while the users' presence was
     * not written again yet (a restarted Redis comes back empty) was dropped by the router, and may
     * have reached history only after the first pass read it. What a session has is not sent twice.
     */
    public void runAgain(Instant lostAt) {
        pass(lostAt, Map.of());
    }

    private void pass(Instant lostAt, Map<String, Set<String>> awaited) {
        Instant from = lostAt.minus(SKEW);
        Map<String, List<EdgeSession>> byUser = new LinkedHashMap<>();
        for (String user : registry.users()) {
            byUser.put(user, List.copyOf(registry.sessionsOf(user)));
        }
        byUser.forEach((user, sessions) -> {
            try {
                workers.execute(() -> catchUp(user, sessions, from, awaited));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        });
    }

    private void catchUp(String user, List<EdgeSession> sessions, Instant from, Map<String, Set<String>> awaited) {
        int pushed = 0;
        try {
            for (HistoryService.Summary c : history.conversations(user)) {
                Message last = c.lastMessage();
                if (last == null || last.sentAt().isBefore(from)) {
                    continue;
                }
                HistoryService.Recent recent = history.sentSince(c.conversationId(), from, MAX_PER_CONVERSATION);
                if (!recent.complete()) {
                    reconnect(user, sessions, "more than " + MAX_PER_CONVERSATION + " messages in " + c.conversationId());
                    return;
                }
                for (Message m : recent.messages()) {
                    String text = Frames.write(MessageFrame.of(m));
                    for (EdgeSession s : sessions) {
                        if (!s.isGone()) {
                            outbound.redeliver(s, m, text, awaited.get(s.sessionId()));
                            pushed++;
                        }
                    }
                }
            }
            LOG.debug("caught {} up: {} message frames", user, pushed);
        } catch (RuntimeException e) {
            reconnect(user, sessions, e.toString());
        }
    }

    private static void reconnect(String user, List<EdgeSession> sessions, String why) {
        LOG.info("cannot catch {} up here ({}): closing its sessions with 1001", user, why);
        sessions.forEach(EdgeSession::closeToCatchUp);
    }
}
