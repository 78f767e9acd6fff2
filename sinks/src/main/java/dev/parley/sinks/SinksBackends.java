package dev.parley.sinks;

import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.PresenceDirectory;

/**
 * What the two workers write to, and what closing the service must release after they stopped.
 *
 * @param history     the history writer's store
 * @param presence    the router's presence lookups
 * @param publisher   the router's node channels
 * @param deadLetters where both workers put records they can never process
 * @param resources   closed once both workers have stopped (sessions, connections, producer); may be a no-op
 */
public record SinksBackends(HistoryStore history, PresenceDirectory presence, NodePublisher publisher,
                            DeadLetterSink deadLetters, AutoCloseable resources) {
}
