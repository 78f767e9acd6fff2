package dev.parley.edge.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Coalesces one session's {@code read} frames per conversation ({@code edge.limits.read-coalesce}):
 * the first read of a conversation is forwarded at once and opens a window; reads within the
 * window only raise the pending seq, which is forwarded when the window ends (opening the next).
 * So a client scrolling through history costs one command per window, and the highest seq is
 * never lost: {@link #flush()} forwards what is pending when the session closes.
 */
final class ReadCoalescer {
    /** Conversations with an open window per session; a read for one more is refused (rate_limited). */
    static final int MAX_OPEN_WINDOWS = 256;

    @FunctionalInterface
    interface Forward {
        void read(String conversationId, long seq);
    }

    private static final class Window {
        long sent;
        long pending = -1;

        Window(long sent) {
            this.sent = sent;
        }
    }

    private final Duration window;
    private final ScheduledExecutorService scheduler;
    private final Forward forward;
    private final Map<String, Window> windows = new HashMap<>(); // guarded by this
    private boolean flushed;

    ReadCoalescer(Duration window, ScheduledExecutorService scheduler, Forward forward) {
        this.window = window;
        this.scheduler = scheduler;
        this.forward = forward;
    }

    /** @return false when too many conversations have an open window: the caller refuses the frame */
    boolean read(String conversationId, long seq) {
        if (!window.isZero()) {
            synchronized (this) {
                Window w = windows.get(conversationId);
                if (w != null) {
                    if (seq > Math.max(w.sent, w.pending)) {
                        w.pending = seq;
                    }
                    return true;
                }
                if (windows.size() >= MAX_OPEN_WINDOWS) {
                    return false;
                }
                if (!flushed) {
                    windows.put(conversationId, new Window(seq));
                }
            }
        }
        forward.read(conversationId, seq);
        schedule(conversationId);
        return true;
    }

    /** The session is gone: forwards every pending seq now and coalesces nothing more. */
    void flush() {
        List<Map.Entry<String, Long>> due = new ArrayList<>();
        synchronized (this) {
            flushed = true;
            windows.forEach((c, w) -> {
                if (w.pending >= 0) {
                    due.add(Map.entry(c, w.pending));
                }
            });
            windows.clear();
        }
        due.forEach(e -> forward.read(e.getKey(), e.getValue()));
    }

    private void windowEnds(String conversationId) {
        long seq;
        synchronized (this) {
            Window w = windows.get(conversationId);
            if (w == null) {
                return;
            }
            if (w.pending < 0) {
                windows.remove(conversationId);
                return;
            }
            seq = w.pending;
            w.sent = seq;
            w.pending = -1;
        }
        forward.read(conversationId, seq);
        schedule(conversationId);
    }

    private void schedule(String conversationId) {
        if (window.isZero()) {
            return;
        }
        try {
            scheduler.schedule(() -> windowEnds(conversationId), window.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            flush(); // shutting down: nothing pending may be lost
        }
    }
}
