package dev.parley.edge;

import dev.parley.common.event.Command;
import java.util.concurrent.CompletionStage;

/**
 * Where the edge hands client commands to the topology: {@code Topics.COMMANDS_V2}, keyed by the
 * command's conversation. Sends reach it only within the sender's rate limit, which the edge
 * enforces before. Commands of one caller thread are produced in call order.
 */
public interface CommandSink extends AutoCloseable {

    /**
     * Produces one command. May block briefly (e.g. while the producer fetches metadata), never
     * longer than the implementation's configured bound.
     *
     * @param traceparent the W3C trace context of the command's {@code edge.send} hop, carried as
     *                    the record's {@code traceparent} header; null for an untraced command
     * @return completes when the command is durably in the topic; fails when it could not be
     *         written (the caller answers {@code unavailable})
     */
    CompletionStage<Void> send(Command command, String traceparent);

    /** An untraced command. */
    default CompletionStage<Void> send(Command command) {
        return send(command, null);
    }

    @Override
    default void close() {
    }
}
