package dev.parley.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.config.Settings;
import dev.parley.common.json.Json;
import dev.parley.devstack.internal.WarmUpCredentials;
import dev.parley.devstack.internal.WarmUpUser;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Chat traffic through the whole stack before it reports ready: the cold start moved ahead of
 * readiness (issue 11). On a fresh start every JVM of the stack (Kafka, Cassandra and Parley's
 * services) compiles its hot code during the first minute of traffic; on two shared cores the
 * first clients then waited seconds (bench/results/pairs-cold-start.md). The warm-up is a few
 * users of the contract, sending through the edge, the topology, Kafka, the sinks, Cassandra and
 * Redis, reading history and reconnecting, until the delivery latency has settled.
 *
 * <p>Its users (persisted with their passwords in {@code <data-dir>/warm-up-users.json}) and
 * their messages are real data of the stack: direct conversations among themselves, kept as
 * everything else is. They send within the default per-user rate limit.
 */
public final class StackWarmUp {
    /** Pairs of users, each user sending to the pair's conversation. */
    static final int PAIRS = 5;
    /** Sends per second in all: 8 per user, under the default limit of 10 per user. */
    static final int RATE = 80;
    /** Settled: the deliveries of the last {@link #WINDOW_SECONDS} seconds have their p99 within this. */
    static final long SETTLED_P99_MS = 150;
    public static final int WINDOW_SECONDS = 10;

    /** What a warm-up did: sends, deliveries, how long, and whether the latency settled before {@code max}. */
    public record Outcome(long sent, long delivered, Duration took, double lastP99Ms, boolean settled) {}

    private final LocalStack stack;
    private final PrintStream log;
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();
    /** Second of the warm-up, to the delivery latencies (ms) of that second. */
    private final ConcurrentSkipListMap<Long, ConcurrentLinkedQueue<Long>> latencies = new ConcurrentSkipListMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private long t0;

    private StackWarmUp(LocalStack stack, PrintStream log) {
        this.stack = stack;
        this.log = log;
    }

    /** {@code devstack.warm-up}: the longest warm-up of {@code ./parley up} (0s: none). */
    public static Duration maxFrom(Settings s) {
        return s.duration("devstack.warm-up", Duration.ofSeconds(120));
    }

    /** Warms the stack for at most {@code max}, or until the latency has settled. */
    public static Outcome run(LocalStack stack, Duration max, PrintStream log) throws IOException, InterruptedException {
        return new StackWarmUp(stack, log).drive(max);
    }

    private Outcome drive(Duration max) throws IOException, InterruptedException {
        List<WarmUpCredentials.Login> logins = WarmUpCredentials.loadOrCreate(stack.config().dataDir(), 2 * PAIRS);
        List<WarmUpUser> users = new ArrayList<>();
        try {
            for (int i = 0; i < logins.size(); i++) {
                WarmUpUser u = new WarmUpUser(i, stack.authUrl(), stack.edgeHttpUrl(), stack.edgeWsUrl());
                users.add(u);
                u.logIn(logins.get(i).username(), logins.get(i).password());
            }
            List<String> conversations = new ArrayList<>();
            for (int p = 0; p < PAIRS; p++) {
                conversations.add(users.get(2 * p).direct(users.get(2 * p + 1)));
            }
            t0 = System.nanoTime();
            for (WarmUpUser u : users) {
                u.connect(frame -> onFrame(u, frame));
            }
            return loop(users, conversations, max);
        } finally {
            users.forEach(WarmUpUser::close);
        }
    }

    private Outcome loop(List<WarmUpUser> users, List<String> conversations, Duration max) {
        long end = t0 + max.toNanos();
        long next = System.nanoTime();
        long sent = 0;
        long lastSecond = 0;
        while (System.nanoTime() < end) {
            next += TimeUnit.SECONDS.toNanos(1) / RATE;
            LockSupport.parkNanos(next - System.nanoTime());
            // The park, and the last round's history reads, may have run past the budget: stop there.
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            int i = (int) (sent % users.size());
            WarmUpUser u = users.get(i);
            String conversation = conversations.get(i / 2);
            String clientMsgId = UUID.randomUUID().toString();
            inFlight.put(clientMsgId, System.nanoTime());
            try {
                u.send(Json.mapper().createObjectNode().put("type", "send").put("clientMsgId", clientMsgId)
                        .put("conversationId", conversation).put("body", "warm-up " + sent));
            } catch (RuntimeException e) {
                inFlight.remove(clientMsgId); // the socket closed under it: the next round shows it
            }
            sent++;
            long second = second(now);
            if (second > lastSecond) {
                lastSecond = second;
                otherPaths(users, conversations, second);
                double p99 = p99(second - WINDOW_SECONDS, second);
                if (second % 10 == 0) {
                    log.printf("  warm-up    %3d s: %,d sent, %,d delivered, p99 of the last %d s %.0f ms%n", second, sent,
                            delivered.get(), WINDOW_SECONDS, p99);
                }
                if (second >= WINDOW_SECONDS && p99 >= 0 && p99 <= SETTLED_P99_MS) {
                    return new Outcome(sent, delivered.get(), Duration.ofNanos(now - t0), p99, true);
                }
            }
        }
        long s = second(System.nanoTime());
        return new Outcome(sent, delivered.get(), max, p99(s - WINDOW_SECONDS, s), false);
    }

    /** Once a second: a read receipt, a history read and a socket opened and closed, as clients do. */
    private void otherPaths(List<WarmUpUser> users, List<String> conversations, long second) {
        int i = (int) (second % users.size());
        WarmUpUser u = users.get(i);
        String conversation = conversations.get(i / 2);
        long seq = lastSeq.getOrDefault(conversation, 0L);
        try {
            if (seq > 0) {
                u.send(Json.mapper().createObjectNode().put("type", "read").put("conversationId", conversation).put("seq", seq));
            }
            u.readHistory(conversation, Math.max(0, seq - 20));
            u.reconnectOnce();
        } catch (RuntimeException e) {
            // best effort: the sends are what is measured
        }
    }

    /** {@code m}: a server frame; a {@code message} frame carries the message's fields itself. */
    private void onFrame(WarmUpUser receiver, JsonNode m) {
        if (!"message".equals(m.path("type").asText())) {
            return;
        }
        lastSeq.merge(m.path("conversationId").asText(), m.path("seq").asLong(), Math::max);
        if (receiver.userId().equals(m.path("senderId").asText())) {
            return; // the sender's own copy: the peer's is the delivery
        }
        Long sentAt = inFlight.remove(m.path("clientMsgId").asText());
        if (sentAt != null) {
            long now = System.nanoTime();
            latencies.computeIfAbsent(second(now), k -> new ConcurrentLinkedQueue<>()).add((now - sentAt) / 1_000_000);
            delivered.incrementAndGet();
        }
    }

    /** p99 (ms) of the deliveries in seconds {@code [from, to)}; -1 when there were none. */
    double p99(long from, long to) {
        List<Long> all = new ArrayList<>();
        latencies.subMap(Math.max(0, from), true, to, false).values().forEach(all::addAll);
        if (all.isEmpty()) {
            return -1;
        }
        all.sort(null);
        return all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1));
    }

    private long second(long nanos) {
        return (nanos - t0) / 1_000_000_000L;
    }
}
