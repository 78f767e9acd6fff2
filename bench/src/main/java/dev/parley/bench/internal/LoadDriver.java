package dev.parley.bench.internal;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Offered load as an open loop: sends arrive as a Poisson process of the target rate (so each
 * user types after exponentially distributed pauses, as people do), each from a random device to
 * one of its user's chat conversations. A send's latency is measured from its intended time, so a
 * driver that falls behind does not hide the system's slowness (no coordinated omission).
 */
public final class LoadDriver {
    private final List<BenchSession> senders;
    private final List<List<String>> chatsOfSender;
    private final Random random;
    private final String body;
    private volatile boolean stopped;

    /**
     * @param senders     the devices that send
     * @param chatsOf     for each sender, the conversations it sends to (not the fan-out group)
     */
    public LoadDriver(List<BenchSession> senders, List<List<String>> chatsOf, Random random, int bodyChars) {
        // Devices whose user is in no chat cannot send: leave them out, so every arrival is a send.
        List<BenchSession> s = new java.util.ArrayList<>();
        List<List<String>> c = new java.util.ArrayList<>();
        for (int i = 0; i < senders.size(); i++) {
            if (!chatsOf.get(i).isEmpty()) {
                s.add(senders.get(i));
                c.add(chatsOf.get(i));
            }
        }
        this.senders = List.copyOf(s);
        this.chatsOfSender = List.copyOf(c);
        this.random = random;
        this.body = "x".repeat(Math.max(1, bodyChars));
    }

    /** Offers {@code rate} messages/s for {@code duration}; returns how many sends were offered. */
    public long run(double rate, Duration duration) {
        return runUntil(rate, System.nanoTime() + duration.toNanos());
    }

    /** Makes a running {@link #runUntil} return after its current send. */
    public void stop() {
        stopped = true;
    }

    /** Offers {@code rate} messages/s until {@code endNanos} or {@link #stop()}. */
    public long runUntil(double rate, long endNanos) {
        long next = System.nanoTime();
        long offered = 0;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                next += (long) (-Math.log(1 - random.nextDouble()) / rate * 1e9);
                if (next >= endNanos || stopped) {
                    break;
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int i = random.nextInt(senders.size());
                List<String> chats = chatsOfSender.get(i);
                BenchSession s = senders.get(i);
                String conversation = chats.get(random.nextInt(chats.size()));
                long intended = next;
                ex.submit(() -> s.send(conversation, body, intended));
                offered++;
            }
        }
        return offered;
    }
}
