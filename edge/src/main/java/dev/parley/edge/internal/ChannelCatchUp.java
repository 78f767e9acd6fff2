package dev.parley.edge.internal;

import dev.parley.common.event.Message;
import dev.parley.common.frame.MessageFrame;
import dev.parley.edge.HistoryReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After this node's channel was down: whatever was routed here meanwhile is lost (Redis pub/sub
 * keeps nothing), so the sessions here are sent, from history, the messages their conversations got
 * since the channel was lost, through the same seq gate as live deliveries (nothing a session
 * already has, nothing out of order). Clients so catch up without reconnecting and without waiting
 * for their next message to show the gap. Each conversation is read once however many local members
 * it has, and one with nothing new costs two single-partition reads. Where it cannot be done
 * (history unreachable, or more than {@link #MAX_PER_CONVERSATION} messages in one conversation),
 * the members' sessions are closed with 1001 so that their clients reconnect and fetch it themselves.
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
        LOG.warn("node channel was down since {}: catching {} sessions up from history", lostAt, registry.size());
        Map<String, Set<String>> awaited = outbound.takeAwaitedBefore(clock.instant());
        submit(() -> pass(lostAt.minus(SKEW), awaited));
    }

    /**
     * The same a little later ({@link #AGAIN_AFTER}): a message routed while the users' presence was
     * not written again yet (a restarted Redis comes back empty) was dropped by the router, and may
     * have reached history only after the first pass read it. What a session has is not sent twice.
     */
    public void runAgain(Instant lostAt) {
        submit(() -> pass(lostAt.minus(SKEW), Map.of()));
    }

    /** Lists the local users' conversations, then catches each up on a worker of its own. */
    private void pass(Instant from, Map<String, Set<String>> awaited) {
        Set<String> users = registry.users();
        Set<String> conversations = new LinkedHashSet<>();
        for (String user : users) {
            try {
                conversations.addAll(history.conversationIds(user));
            } catch (RuntimeException e) {
                reconnect(registry.sessionsOf(user), user, e.toString());
            }
        }
        conversations.forEach(id -> submit(() -> conversation(id, from, awaited)));
    }

    private void conversation(String conversationId, Instant from, Map<String, Set<String>> awaited) {
        List<EdgeSession> sessions = List.of();
        try {
            Optional<HistoryReader.Conversation> c = history.conversation(conversationId);
            if (c.isEmpty()) {
                return;
            }
            sessions = localSessionsOf(c.get().members());
            if (sessions.isEmpty()) {
                return;
            }
            HistoryService.Recent recent = history.sentSince(conversationId, from, MAX_PER_CONVERSATION);
            if (!recent.complete()) {
                reconnect(sessions, conversationId, "more than " + MAX_PER_CONVERSATION + " messages");
                return;
            }
            for (Message m : recent.messages()) {
                String text = Frames.write(MessageFrame.of(m));
                for (EdgeSession s : sessions) {
                    if (!s.isGone()) {
                        outbound.redeliver(s, m, text, awaited.get(s.sessionId()));
                    }
                }
            }
        } catch (RuntimeException e) {
            reconnect(sessions, conversationId, e.toString());
        }
    }

    private List<EdgeSession> localSessionsOf(List<String> members) {
        List<EdgeSession> out = new ArrayList<>();
        for (String member : members) {
            out.addAll(registry.sessionsOf(member));
        }
        return out;
    }

    private void submit(Runnable task) {
        try {
            workers.execute(task);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private static void reconnect(Collection<EdgeSession> sessions, String what, String why) {
        if (!sessions.isEmpty()) {
            LOG.info("cannot catch up {} here ({}): closing {} sessions with 1001", what, why, sessions.size());
            sessions.forEach(EdgeSession::closeToCatchUp);
        }
    }
}
