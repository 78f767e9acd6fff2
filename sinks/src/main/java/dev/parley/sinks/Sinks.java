package dev.parley.sinks;

import dev.parley.sinks.internal.BatchWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running sinks service: both workers on their own threads. Made by {@link Main#setup}. */
public final class Sinks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sinks.class);

    private final List<Thread> threads = new ArrayList<>();
    private final List<BatchWorker<?>> workers;
    private final AutoCloseable resources;
    private final Duration stopTimeout;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean closing;

    Sinks(List<BatchWorker<?>> workers, AutoCloseable resources, Duration stopTimeout) {
        this.workers = List.copyOf(workers);
        this.resources = resources;
        this.stopTimeout = stopTimeout;
        CompletableFuture.allOf(this.workers.stream().map(BatchWorker::joined).toArray(CompletableFuture[]::new))
                .thenRun(() -> ready.complete(null));
    }

    void start(List<String> names) {
        for (int i = 0; i < workers.size(); i++) {
            BatchWorker<?> worker = workers.get(i);
            String name = names.get(i);
            threads.add(Thread.ofPlatform().name("sinks-" + name).start(() -> runWorker(name, worker)));
        }
    }

    private void runWorker(String name, BatchWorker<?> worker) {
        try {
            worker.run();
            if (!closing) {
                fail(new IllegalStateException(name + " worker stopped"));
            }
        } catch (RuntimeException | Error e) {
            LOG.error("{} worker failed", name, e);
            fail(e);
        }
    }

    private void fail(Throwable cause) {
        ready.completeExceptionally(cause);
        stopped.completeExceptionally(cause);
    }

    /** Completes once both consumers have joined their groups; fails if a worker died before. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Completes when {@link #close()} stopped the workers; fails as soon as a worker dies on its own. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Stops both workers (each finishes and commits the batch it is applying), then closes the backends. Idempotent. */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        workers.forEach(BatchWorker::wakeup);
        for (Thread t : threads) {
            try {
                if (!t.join(stopTimeout)) {
                    LOG.warn("{} did not stop within {}", t.getName(), stopTimeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            resources.close();
        } catch (Exception e) {
            LOG.warn("closing the backends failed: {}", e.toString());
        }
        stopped.complete(null);
    }
}
