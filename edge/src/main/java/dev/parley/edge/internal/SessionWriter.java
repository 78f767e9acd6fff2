package dev.parley.edge.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.websocket.WsSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes to one WebSocket: Helidon's {@code WsSession.send} is not safe from
 * two threads at once. Producers (the connection's reader, the Redis event loop, the sweeper)
 * only enqueue, which never blocks; a full queue means the client does not keep up.
 */
final class SessionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);

    enum Offer { ACCEPTED, OVERFLOW, CLOSED }

    private sealed interface Out permits Text, Pong, Ping {
    }

    private record Text(String text) implements Out {
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
    private final ArrayDeque<Out> queue = new ArrayDeque<>();
    private boolean stopped;
    private int closeCode;
    private String closeReason;
    private boolean sending;
    private Thread thread;

    SessionWriter(WsSession ws, int capacity, Consumer<Throwable> onSendFailure) {
        this.ws = ws;
        this.capacity = capacity;
        this.onSendFailure = onSendFailure;
    }

    void start(String name) {
        lock.lock();
        try {
            thread = Thread.ofVirtual().name(name).start(this::run);
        } finally {
            lock.unlock();
        }
    }

    Offer text(String text) {
        return offer(new Text(text));
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
            if (stopped || closeCode != 0) {
                return Offer.CLOSED;
            }
            if (queue.size() >= capacity) {
                return Offer.OVERFLOW;
            }
            queue.add(out);
            changed.signalAll();
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
            if (stopped || closeCode != 0) {
                return;
            }
            closeCode = code;
            closeReason = reason;
            changed.signalAll();
            if (force) {
                queue.clear();
                if (sending && thread != null) {
                    thread.interrupt();
                }
            }
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
            stopped = true;
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

    /** Waits until the writer thread has finished (after a close or stop). */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        Thread t;
        lock.lock();
        try {
            t = thread;
        } finally {
            lock.unlock();
        }
        return t == null || t.join(timeout);
    }

    private void run() {
        while (true) {
            Out next;
            int code;
            String reason;
            lock.lock();
            try {
                while (queue.isEmpty() && !stopped && closeCode == 0) {
                    changed.await(1, TimeUnit.MINUTES);
                }
                if (stopped) {
                    return;
                }
                next = queue.poll();
                code = closeCode;
                reason = closeReason;
                sending = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                if (next == null) {
                    ws.close(code, reason);
                    return;
                }
                switch (next) {
                    case Text t -> ws.send(t.text(), true);
                    case Pong p -> ws.pong(BufferData.create(p.data()));
                    case Ping p -> ws.ping(BufferData.create(p.data()));
                }
            } catch (RuntimeException e) {
                LOG.debug("send failed, evicting session", e);
                onSendFailure.accept(e);
                return;
            } finally {
                lock.lock();
                try {
                    sending = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
