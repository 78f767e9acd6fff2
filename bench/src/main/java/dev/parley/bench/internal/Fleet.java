package dev.parley.bench.internal;

import dev.parley.testkit.client.TestUser;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * All devices of a run: connects them, runs their periodic duties (resends, pings) every 100 ms,
 * and at the end waits for their unacked sends, catches them all up and closes them.
 */
public final class Fleet implements AutoCloseable {
    private static final int HTTP_CLIENTS = 4;
    private final List<BenchSession> sessions = new ArrayList<>();
    private final List<HttpClient> httpClients = new ArrayList<>();
    private final Tracker tracker;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("bench-sweeper").daemon().factory());

    /**
     * One session per user and device; device {@code d} of user {@code u} is named {@code u<index>d<d>}.
     *
     * @param conversationsByUser the conversations each user follows (all of them from seq 1)
     */
    public Fleet(List<TestUser> users, int devicesPerUser, Map<String, List<String>> conversationsByUser,
            Tracker tracker, Edges edges) {
        this.tracker = tracker;
        for (int i = 0; i < HTTP_CLIENTS; i++) {
            httpClients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
        }
        for (int u = 0; u < users.size(); u++) {
            TestUser user = users.get(u);
            for (int d = 0; d < devicesPerUser; d++) {
                int n = sessions.size();
                sessions.add(new BenchSession(user.userId(), "u" + u + "d" + d, user.accessToken(),
                        conversationsByUser.getOrDefault(user.userId(), List.of()), tracker, edges,
                        httpClients.get(n % HTTP_CLIENTS), 0));
            }
        }
    }

    public List<BenchSession> sessions() {
        return List.copyOf(sessions);
    }

    /** The devices of the given users. */
    public List<String> devicesOf(List<String> userIds) {
        java.util.Set<String> wanted = new java.util.HashSet<>(userIds);
        return sessions.stream().filter(s -> wanted.contains(s.userId)).map(s -> s.deviceId).toList();
    }

    /** Connects every device (16 at a time) and starts the sweeper. */
    public void connectAll() {
        List<Callable<Void>> calls = new ArrayList<>();
        sessions.forEach(s -> calls.add(() -> {
            s.connect(5);
            return null;
        }));
        Population.runAll(calls);
        sweeper.scheduleWithFixedDelay(this::sweep, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            sessions.forEach(s -> ex.submit(() -> s.sweep(now)));
        }
        tracker.phase().waited(PhaseStats.Wait.CLIENT_SWEEP, System.nanoTime() - now);
    }

    /**
     * From now on each of {@code probes} sends a round-trip ping every {@code every} (one out at a
     * time; {@link BenchSession#probe}), recorded in the timeline. Within the edge's ping limit (5 a
     * second per session) at 250 ms.
     */
    public void probe(List<BenchSession> probes, Duration every) {
        List<BenchSession> chosen = List.copyOf(probes);
        sweeper.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            chosen.forEach(s -> Thread.ofVirtual().start(() -> s.probe(now)));
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every device gives up a send refused for at least {@code after} (zero: retries until acked). */
    public void giveUpAfter(Duration after) {
        sessions.forEach(s -> s.giveUpAfter(after));
    }

    /** Every device holds all its sends for the pause an {@code unavailable} asks for (false: the refused send only). */
    public void pauseOnUnavailable(boolean pause) {
        sessions.forEach(s -> s.pauseOnUnavailable(pause));
    }

    /** Every device sends what an {@code unavailable} held a few at a time, one more per ack (false: all at once). */
    public void rampAfterHold(boolean ramp) {
        sessions.forEach(s -> s.rampAfterHold(ramp));
    }

    /** Sends not acked yet, over all devices. */
    public int pending() {
        return sessions.stream().mapToInt(BenchSession::pendingCount).sum();
    }

    public int reconnects() {
        return sessions.stream().mapToInt(BenchSession::reconnects).sum();
    }

    /** Waits until every send is acked (the clients keep retrying) or the timeout passes; returns what is left. */
    public int drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending() > 0 && System.nanoTime() < deadline) {
            BenchSession.sleep(100);
        }
        return pending();
    }

    /** Every device catches up every conversation, as a client does when it is opened. */
    public void catchUpAll(Duration timeout) {
        List<Callable<Void>> calls = new ArrayList<>();
        sessions.forEach(s -> calls.add(() -> {
            s.catchUpAllAndWait(timeout);
            return null;
        }));
        Population.runAll(calls);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        sessions.forEach(BenchSession::stop);
        // Not close(): it waits for every exchange and WebSocket to end, and one still reconnecting
        // when the run ended kept a run hanging here after its last phase (results never written).
        httpClients.forEach(HttpClient::shutdownNow);
    }
}
