package dev.parley.edge.internal;

import dev.parley.common.event.Message;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.service.Timer;
import dev.parley.edge.HistoryReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After this node's channel was down: whatever was routed here meanwhile is lost (Redis pub/sub
 * keeps nothing), so the sessions here are sent, from history, the messages their conversations got
 * since the channel was lost, through the same seq gate as live deliveries (nothing a session
 * already has, nothing out of order). Clients so catch up without reconnecting and without waiting
 * for their next message to show the gap. Each conversation is read once however many local members
 * it has, and one with nothing new costs four single-partition reads. While history is unreachable
 * (a Redis and a Cassandra outage together) a conversation is tried again, 1 s apart and then
 * further, for about half a minute ({@link #RETRIES}): a client told to reconnect then could not
 * fetch history either. Only when that runs out, or a conversation got more than
 * {@link #MAX_PER_CONVERSATION} messages, are its members' sessions closed with 1001 so that their
 * clients reconnect and fetch it themselves.
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
    /** When the second pass is due: past the services' reconnect delay and the history writer's lag. */
    public static final Duration AGAIN_AFTER = Duration.ofSeconds(3);
    /** Delays between attempts at a conversation while history is unreachable. */
    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15));

    private final SessionRegistry registry;
    private final SessionOutbound outbound;
    private final HistoryService history;
    private final Executor workers;
    private final Timer timer;
    private final Clock clock;

    /** @param timer schedules the second pass and the attempts while history is unreachable */
    public ChannelCatchUp(SessionHub hub, HistoryService history, Executor workers, Timer timer, Clock clock) {
        this.registry = hub.registry();
        this.outbound = hub.outbound();
        this.history = history;
        this.workers = workers;
        this.timer = timer;
        this.clock = clock;
    }

    /** Catches up every session here on what was sent since {@code lostAt}; returns at once. */
    public void run(Instant lostAt) {
        LOG.warn("node channel was down since {}: catching {} sessions up from history", lostAt, registry.size());
        Map<String, Set<String>> awaited = outbound.takeAwaitedBefore(clock.instant());
        Instant from = lostAt.minus(SKEW);
        // Sessions opened from now on get everything live: only these may have missed something.
        Set<EdgeSession> open = Set.copyOf(registry.all());
        submit(() -> pass(open, from, awaited, new Tally("first", clock.millis()), 0));
        later(AGAIN_AFTER, () -> pass(open, from, Map.of(), new Tally("second", clock.millis()), 0));
    }

    /**
     * One pass's work, logged when its last conversation is done: how long a catch-up takes is what
     * a client whose ack or message was lost waits (the bench's Redis fault).
     */
    private final class Tally {
        final String pass;
        final long startedAt;
        /** Conversations submitted and not done yet, plus one while the users are being listed. */
        final AtomicInteger pending = new AtomicInteger(1);
        final AtomicInteger conversations = new AtomicInteger();
        final AtomicInteger pushed = new AtomicInteger();
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();

        Tally(String pass, long startedAt) {
            this.pass = pass;
            this.startedAt = startedAt;
        }

        void done() {
            if (pending.decrementAndGet() == 0) {
                LOG.info("{} catch-up pass done in {} ms: {} conversations read, {} messages offered to sessions, {} acks, {} retries",
                        pass, clock.millis() - startedAt, conversations.get(), pushed.get(), acks.get(), retried.get());
            }
        }
    }

    /**
     * Lists the local users' conversations and catches each up on a worker of its own as soon as it
     * is found, the users with a send waiting for its answer first: their clients wait on an ack, and
     * the other workers catch up their conversations while this one goes on listing (with 1,000 users
     * here, listing them all first held every ack of the catch-up back by a thousand reads). It runs
     * twice: the second time {@link #AGAIN_AFTER} later, for a message routed while the users'
     * presence was not written again yet (a restarted Redis comes back empty): the router dropped
     * it, and it may have reached history only after the first pass read it. What a session has
     * is not sent twice.
     */
    private void pass(Set<EdgeSession> open, Instant from, Map<String, Set<String>> awaited, Tally tally,
                      int attempt) {
        Set<String> conversations = new HashSet<>();
        try {
            for (String user : usersWaitingFirst(open, awaited)) {
                for (String id : history.conversationIds(user)) {
                    if (conversations.add(id)) {
                        tally.pending.incrementAndGet();
                        submit(() -> conversation(open, id, from, awaited, tally, 0));
                    }
                }
            }
        } catch (RuntimeException e) {
            // Conversations already submitted are caught up again by the retry: nothing is sent twice.
            tally.retried.incrementAndGet();
            if (retry(attempt, () -> pass(open, from, awaited, tally, attempt + 1))) {
                return;
            }
            reconnect(open, open.size() + " sessions", e.toString());
        }
        tally.done();
    }

    /** The sessions' users, those with a send waiting for its answer ({@code awaited}) first. */
    static List<String> usersWaitingFirst(Set<EdgeSession> open, Map<String, Set<String>> awaited) {
        Set<String> first = new LinkedHashSet<>();
        Set<String> rest = new LinkedHashSet<>();
        for (EdgeSession s : open) {
            Set<String> waiting = awaited.get(s.sessionId());
            (waiting != null && !waiting.isEmpty() ? first : rest).add(s.userId());
        }
        rest.removeAll(first);
        List<String> users = new ArrayList<>(first);
        users.addAll(rest);
        return users;
    }

    private void conversation(Set<EdgeSession> open, String conversationId, Instant from,
                              Map<String, Set<String>> awaited, Tally tally, int attempt) {
        List<EdgeSession> sessions = List.of();
        try {
            tally.conversations.incrementAndGet();
            Optional<HistoryReader.Conversation> c = history.conversation(conversationId);
            if (c.isEmpty()) {
                return;
            }
            sessions = localSessionsOf(c.get().members(), open);
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
                        tally.pushed.incrementAndGet();
                        if (outbound.redeliver(s, m, text, awaited.get(s.sessionId()))) {
                            tally.acks.incrementAndGet();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            tally.retried.incrementAndGet();
            tally.pending.incrementAndGet(); // the next attempt, done in its turn
            if (!retry(attempt, () -> conversation(open, conversationId, from, awaited, tally, attempt + 1))) {
                tally.pending.decrementAndGet();
                reconnect(sessions, conversationId, e.toString());
            }
        } finally {
            tally.done();
        }
    }

    /** @return false when the attempts are used up */
    private boolean retry(int attempt, Runnable again) {
        if (attempt >= RETRIES.size()) {
            return false;
        }
        later(RETRIES.get(attempt), again);
        return true;
    }

    private void later(Duration delay, Runnable task) {
        try {
            timer.schedule(delay, () -> submit(task));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** The members' sessions here that were open when the channel came back. */
    private List<EdgeSession> localSessionsOf(List<String> members, Set<EdgeSession> open) {
        List<EdgeSession> out = new ArrayList<>();
        for (String member : members) {
            for (EdgeSession s : registry.sessionsOf(member)) {
                if (open.contains(s)) {
                    out.add(s);
                }
            }
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
