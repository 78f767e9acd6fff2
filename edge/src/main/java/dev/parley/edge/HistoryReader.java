package dev.parley.edge;

import dev.parley.common.event.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to the CQL projections written by the sinks ({@code ops/.../schema.cql}). Storage
 * primitives only: paging across history buckets, membership checks and assembling the
 * conversation list are the edge's own logic on top. All methods may block (REST threads only)
 * and throw a runtime exception when the store is unreachable.
 */
public interface HistoryReader extends AutoCloseable {

    /** Conversation metadata and current members ({@code conversations}), if known. */
    Optional<Conversation> conversation(String conversationId);

    /**
     * The newest message of a conversation, if it has any: the last row of the history bucket
     * {@code conversation_state} names. The sinks move that row to a bucket only once the rows up
     * to it are durable, and rows of a bucket become visible in seq order, so every seq up to the
     * answer is in history; rows a batch is still writing into a newer bucket are not counted.
     */
    Optional<Message> lastMessage(String conversationId);

    /**
     * Messages of one history partition ({@code messages}, partition {@code (conversationId, bucket)}
     * where {@code bucket = MessageBuckets.of(seq)}) with {@code fromSeq <= seq <= toSeq}.
     *
     * @param newestFirst false: ascending by seq, the lowest {@code limit}; true: descending, the
     *                    highest {@code limit}
     */
    List<Message> messages(String conversationId, long bucket, long fromSeq, long toSeq, int limit,
                           boolean newestFirst);

    /** Ids of the conversations the user belongs to ({@code user_conversations}). */
    List<String> conversationIds(String userId);

    /** The user's read positions by conversation id ({@code read_state}); absent = 0. */
    Map<String, Long> readPositions(String userId);

    @Override
    default void close() {
    }

    /**
     * @param kind    {@code direct} or {@code group}
     * @param title   null for direct conversations
     * @param members current member user ids
     */
    record Conversation(String conversationId, String kind, String title, List<String> members) {
        public Conversation {
            members = List.copyOf(members);
        }
    }
}
