package dev.parley.edge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.common.event.Message;
import dev.parley.edge.HistoryReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HistoryReader} that keeps each conversation's metadata and members for {@link #KEEP}.
 * Every history call checks membership, and presence looks at each conversation of a user, so a
 * large group's member list was read and decoded once per call: when 500 clients moved to one
 * edge and caught up, the 10,000 members of the bench's big group were decoded some 500 times in
 * seconds, three fifths of what that edge allocated (JFR), with its heap near full and a young
 * collection every 200 ms while every client waited.
 *
 * <p>A membership change reaches this edge up to {@link #KEEP} later than the projection has it
 * (the projection itself follows the log a moment behind): a removed member may read for that
 * long more. A conversation not found is not kept, so one just created is seen as soon as the
 * projection has it (peers' presence right after creation, issue 12). Everything else reads
 * through; closing it is left to whoever opened the reader it wraps.
 */
public final class CachingHistoryReader implements HistoryReader {
    static final Duration KEEP = Duration.ofSeconds(1);
    /** Members held at most, over all kept conversations (a member id is some 50 bytes). */
    static final long MAX_MEMBERS = 200_000;

    private final HistoryReader reader;
    private final Cache<String, Conversation> conversations;

    public CachingHistoryReader(HistoryReader reader, Clock clock) {
        this.reader = reader;
        this.conversations = Caffeine.newBuilder()
                .maximumWeight(MAX_MEMBERS)
                .<String, Conversation>weigher((id, c) -> 1 + c.members().size())
                .expireAfterWrite(KEEP)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .build();
    }

    @Override
    public Optional<Conversation> conversation(String conversationId) {
        Conversation kept = conversations.getIfPresent(conversationId);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Conversation> read = reader.conversation(conversationId);
        read.ifPresent(c -> conversations.put(conversationId, c));
        return read;
    }

    @Override
    public Optional<Message> lastMessage(String conversationId) {
        return reader.lastMessage(conversationId);
    }

    @Override
    public List<Message> messages(String conversationId, long bucket, long fromSeq, long toSeq, int limit,
                                  boolean newestFirst) {
        return reader.messages(conversationId, bucket, fromSeq, toSeq, limit, newestFirst);
    }

    @Override
    public List<String> conversationIds(String userId) {
        return reader.conversationIds(userId);
    }

    @Override
    public Map<String, Long> readPositions(String userId) {
        return reader.readPositions(userId);
    }
}
