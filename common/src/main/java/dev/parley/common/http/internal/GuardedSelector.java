package dev.parley.common.http.internal;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Helidon's HTTP/1.1 selector with every connection wrapped in a {@link GuardedConnection}; the
 * header deadline starts the moment the connection is accepted.
 */
public final class GuardedSelector implements ServerConnectionSelector {
    private final ServerConnectionSelector http1;
    private final ScheduledExecutorService scheduler;
    private final Duration headerTimeout;

    public GuardedSelector(ServerConnectionSelector http1, ScheduledExecutorService scheduler, Duration headerTimeout) {
        this.http1 = http1;
        this.scheduler = scheduler;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        GuardedConnection guarded = new GuardedConnection(ctx, scheduler);
        guarded.arm(headerTimeout, "request header");
        return new Connection(http1.connection(guarded), guarded);
    }

    /** Disarms the deadline when the connection ends; interruptible exactly when Helidon's is. */
    private record Connection(ServerConnection delegate, GuardedConnection guarded)
            implements ServerConnection, InterruptableTask<Void> {
        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                guarded.disarm();
            }
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> t && t.canInterrupt();
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }
}
