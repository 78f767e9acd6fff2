package dev.parley.edge.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of one WebSocket: Helidon's {@code WsSession.send} is not safe from two threads
 * at once. Producers (the connection's reader, the Redis event loop, the sweeper) only enqueue,
 * which never blocks; a full queue means the client does not keep up.
 *
 * <p>A virtual thread drains the queue while there is something to send and ends when it is
 * empty; the next frame starts another. An idle session so holds no thread of its own: a parked
 * writer per socket cost about 4 KB of heap (its stack chunk, the thread and its timed wait), a
 * quarter of what an idle connection cost the edge. At most one drainer runs at a time, so frames
 * still go out one by one, in queue order.
 */
final class SessionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);

    enum Offer { ACCEPTED, OVERFLOW, CLOSED }

    private sealed interface Out permits Text, Pong, Ping {
    }

    /** @param written run once the frame went out (the frame meters); null for nothing */
    private record Text(String text, Runnable written) implements Out {
    }

    private record Pong(byte[] data) implements Out {
    }

    private record Ping(byte[] data) implements Out {
    }

    private final WsSession ws;
    private final int capacity;
    private final Consumer<Throwable> onSendFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Out> queue = new ArrayDeque<>(4);
    private String name;
    /** No frame will be written any more: stopped, failed, or the close frame went out. */
    private boolean finished;
    private int closeCode;
    private String closeReason;
    private boolean sending;
    /** The drainer, while one runs. */
    private Thread drainer;

    SessionWriter(WsSession ws, int capacity, Consumer<Throwable> onSendFailure) {
        this.ws = ws;
        this.capacity = capacity;
        this.onSendFailure = onSendFailure;
    }

    /** Frames queued before this wait for it: nothing is written before the session is registered. */
    void start(String name) {
        lock.lock();
        try {
            this.name = name;
            drainIfNeeded();
        } finally {
            lock.unlock();
        }
    }

    Offer text(String text) {
        return text(text, null);
    }

    Offer text(String text, Runnable written) {
        return offer(new Text(text, written));
    }

    Offer pong(byte[] data) {
        return offer(new Pong(data));
    }

    Offer ping(byte[] data) {
        return offer(new Ping(data));
    }

    private Offer offer(Out out) {
        lock.lock();
        try {
            if (finished || closeCode != 0) {
                return Offer.CLOSED;
            }
            if (queue.size() >= capacity) {
                return Offer.OVERFLOW;
            }
            queue.add(out);
            drainIfNeeded();
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends a close frame after what is already queued. With {@code force} the queue is dropped
     * instead, and a send stuck on a peer that stopped reading is interrupted, which closes the
     * socket (virtual-thread socket I/O is interruptible).
     */
    void close(int code, String reason, boolean force) {
        lock.lock();
        try {
            if (finished || closeCode != 0) {
                return;
            }
            closeCode = code;
            closeReason = reason;
            if (force) {
                queue.clear();
                if (sending && drainer != null) {
                    drainer.interrupt();
                }
            }
            drainIfNeeded();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The peer closed (or the connection failed): stop without a close frame and wait a little for
     * a send in progress, so that Helidon's own close reply is not written concurrently with it.
     */
    void stop(Duration awaitSend) {
        lock.lock();
        try {
            finished = true;
            queue.clear();
            changed.signalAll();
            long nanos = awaitSend.toNanos();
            while (sending && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing will be written any more (after a close or stop) and no drainer runs. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!(finished && drainer == null)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a drainer thread is running (for tests: an idle writer has none). */
    boolean hasThread() {
        lock.lock();
        try {
            return drainer != null;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: starts a drainer when there is work, none runs, and the writer was started. */
    private void drainIfNeeded() {
        if (drainer == null && name != null && !finished && (!queue.isEmpty() || closeCode != 0)) {
            drainer = Thread.ofVirtual().name(name).unstarted(this::drain);
            drainer.start();
        }
    }

    private void drain() {
        while (true) {
            Out next;
            int code;
            String reason;
            lock.lock();
            try {
                if (finished || (queue.isEmpty() && closeCode == 0)) {
                    drainer = null;
                    changed.signalAll();
                    return;
                }
                next = queue.poll();
                code = closeCode;
                reason = closeReason;
                sending = true;
            } finally {
                lock.unlock();
            }
            boolean last = next == null;
            try {
                if (last) {
                    ws.close(code, reason);
                } else {
                    switch (next) {
                        case Text t -> {
                            ws.send(t.text(), true);
                            if (t.written() != null) {
                                t.written().run();
                            }
                        }
                        case Pong p -> ws.pong(BufferData.create(p.data()));
                        case Ping p -> ws.ping(BufferData.create(p.data()));
                    }
                }
            } catch (RuntimeException e) {
                LOG.debug("send failed, evicting session", e);
                last = true;
                onSendFailure.accept(e);
            } finally {
                lock.lock();
                try {
                    sending = false;
                    if (last) {
                        finished = true;
                        queue.clear();
                    }
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
