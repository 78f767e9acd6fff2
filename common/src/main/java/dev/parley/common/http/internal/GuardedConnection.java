package dev.parley.common.http.internal;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection as Parley lets Helidon see it: reads go through a reader of our own so
 * that (1) a peer that goes away mid-request ends the connection quietly (Helidon 4.3 treats it
 * as an internal error: a 500 written to a dead socket and a WARNING with a stack trace per
 * abandoned request), and (2) a deadline can close the socket of a client that is too slow.
 *
 * <p>The deadline is armed when the connection opens and after every response (the time allowed
 * until the next request's headers are complete), re-armed with the body timeout when a request
 * has a body, and disarmed while a request without body is handled and after an upgrade.
 */
final class GuardedConnection extends DelegatingContext {
    private final DataReader reader = new DataReader(this::pull);
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> deadline;
    private volatile String expired;

    GuardedConnection(ConnectionContext delegate, ScheduledExecutorService scheduler) {
        super(delegate);
        this.scheduler = scheduler;
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    synchronized void arm(Duration timeout, String what) {
        disarm();
        deadline = scheduler.schedule(() -> expire(what), timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(String what) {
        synchronized (this) {
            if (deadline == null) {
                return;
            }
            deadline = null;
        }
        expired = what;
        try {
            delegate.serverSocket().close();
        } catch (RuntimeException e) {
            // already closed: nothing left to free
        }
    }

    private byte[] pull() {
        try {
            return next(delegate.dataReader());
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            // end of stream, reset, or the socket we closed at a deadline: never an internal error
            String reason = expired != null ? expired + " timed out" : "the peer closed the connection";
            throw new CloseConnectionException(reason, e);
        }
    }
}
