package dev.parley.edge.fakes;

import dev.parley.common.event.Command;
import dev.parley.edge.CommandSink;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records produced commands and their trace context; can be switched to fail like an unreachable Kafka. */
public final class InMemoryCommandSink implements CommandSink {
    private final BlockingQueue<Command> produced = new LinkedBlockingQueue<>();
    /** The {@code traceparent} header each produced command was given (commands are records: equal ones share it). */
    private final Map<Command, String> traceparents = new ConcurrentHashMap<>();
    private volatile boolean failing;

    public void failing(boolean failing) {
        this.failing = failing;
    }

    @Override
    public CompletionStage<Void> send(Command command, String traceparent) {
        if (failing) {
            return CompletableFuture.failedFuture(new IllegalStateException("kafka down"));
        }
        if (traceparent != null) {
            traceparents.put(command, traceparent);
        }
        produced.add(command);
        return CompletableFuture.completedFuture(null);
    }

    /** The next produced command, waiting up to 5 s; null if none came. */
    public Command next() throws InterruptedException {
        return produced.poll(5, TimeUnit.SECONDS);
    }

    /** The next produced command, waiting up to {@code millis}; null if none came. */
    public Command poll(long millis) throws InterruptedException {
        return produced.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The {@code traceparent} header the command was produced with; null when it had none. */
    public String traceparent(Command command) {
        return traceparents.get(command);
    }

    public int size() {
        return produced.size();
    }
}
