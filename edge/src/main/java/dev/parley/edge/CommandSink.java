package dev.parley.edge;

import dev.parley.common.event.Command;
import java.util.concurrent.CompletionStage;

/**
 * Where the edge hands client commands to the topology: {@code Topics.COMMANDS}, keyed by the
 * sending user. Commands of one caller thread are produced in call order.
 */
public interface CommandSink extends AutoCloseable {

    /**
     * Produces one command. May block briefly (e.g. while the producer fetches metadata), never
     * longer than the implementation's configured bound.
     *
     * @return completes when the command is durably in the topic; fails when it could not be
     *         written (the caller answers {@code unavailable})
     */
    CompletionStage<Void> send(Command command);

    @Override
    default void close() {
    }
}
