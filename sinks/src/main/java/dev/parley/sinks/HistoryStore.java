package dev.parley.sinks;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the history writer puts the ordered log: message history, per-conversation state, read
 * positions and member lists (the CQL tables of {@code ops/.../schema.cql}).
 *
 * <p>Contract for every method:
 * <ul>
 *   <li>Every write is an idempotent upsert: writing the same events again (a replay, or a retry
 *       after a partial failure) leaves exactly the same state.</li>
 *   <li>Monotonic values win by their own order, not by arrival: {@code conversation_state} and a
 *       read position keep the highest {@code seq}, a conversation keeps its highest
 *       {@code version}, whatever order batches arrive in.</li>
 *   <li>The returned stage completes normally only when every write of the call is durable; it
 *       completes exceptionally when any write failed or timed out, in which case the caller
 *       retries the whole call (some writes may already have been applied: that is harmless).</li>
 *   <li>Implementations may limit the writes in flight; they never drop a write.</li>
 * </ul>
 */
public interface HistoryStore {

    /**
     * Stores messages in history and advances each conversation's head ({@code conversation_state}:
     * a seq in its newest bucket). Called with batches in log order, one call at a time. The rows
     * of a history partition become visible in seq order: never one above a row of the same or an
     * earlier call that is still missing. The head moves to a bucket only after the rows written
     * there are durable, so the last row of the bucket it names is the newest message and every
     * seq up to it is in history.
     */
    CompletionStage<Void> writeMessages(List<Message> messages);

    /** Stores read positions; a position never moves backwards. */
    CompletionStage<Void> writeReads(List<ReadPosition> reads);

    /**
     * Stores member-list snapshots, given in log order (several may concern the same
     * conversation). Afterwards the conversation row holds the snapshot with the highest version,
     * every member of it has the conversation in its list, and users removed since the previously
     * stored snapshot (or since an earlier snapshot of the same call) no longer have it.
     */
    CompletionStage<Void> writeMemberships(List<ConversationMembers> snapshots);
}
