package dev.parley.sinks.fakes;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import dev.parley.common.text.Unicode;
import dev.parley.sinks.HistoryStore;
import dev.parley.sinks.internal.MembershipChange;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A {@link HistoryStore} in memory with the CQL store's semantics (highest seq / version wins;
 * user rows with write-timestamp semantics), for unit tests. {@link #failNext(int)} makes the next
 * calls fail as an unavailable store would ({@link NoNodeAvailableException}).
 *
 * <p>It refuses what {@code CqlHistoryStore} on a real Cassandra refuses, the same way
 * ({@code CqlHistoryStoreIT} pins the real behaviour), and then writes nothing of the call:
 * <ul>
 *   <li>a text that is not well-formed Unicode: the driver's codec throws
 *       {@link IllegalArgumentException} caused by {@link MalformedInputException} while binding,
 *       i.e. synchronously from the write call;</li>
 *   <li>an instant that does not fit a CQL timestamp: {@link ArithmeticException} while binding;</li>
 *   <li>a partition key over 65,535 bytes: the server answers {@link InvalidQueryException}, which
 *       fails the returned stage.</li>
 * </ul>
 */
public final class InMemoryHistoryStore implements HistoryStore {
    private final Map<String, TreeMap<Long, Message>> messages = new HashMap<>();
    private final Map<String, Message> conversationState = new HashMap<>();
    private final Map<String, Long> readSeq = new HashMap<>();
    private final Map<String, ConversationMembers> conversations = new HashMap<>();
    /** (user, conversation) to the row's last write: insert or delete, with its write timestamp. */
    private final Map<String, UserRow> userRows = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private int failuresLeft;

    /** The next {@code n} write calls fail (without applying anything). */
    public synchronized void failNext(int n) {
        failuresLeft = n;
    }

    @Override
    public synchronized CompletionStage<Void> writeMessages(List<Message> batch) {
        if (shouldFail("messages")) {
            return unavailable();
        }
        for (Message m : batch) {
            bind(m.conversationId(), m.messageId(), m.senderId(), m.clientMsgId(), m.body());
            bind(m.sentAt());
        }
        for (Message m : batch) {
            if (tooLongKey(m.conversationId())) {
                return refused(m.conversationId());
            }
        }
        for (Message m : batch) {
            messages.computeIfAbsent(m.conversationId(), k -> new TreeMap<>()).put(m.seq(), m);
            conversationState.merge(m.conversationId(), m, (old, now) -> now.seq() >= old.seq() ? now : old);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> writeReads(List<ReadPosition> reads) {
        if (shouldFail("reads")) {
            return unavailable();
        }
        for (ReadPosition r : reads) {
            bind(r.conversationId(), r.userId());
        }
        for (ReadPosition r : reads) {
            if (tooLongKey(r.userId()) || tooLongKey(r.conversationId())) {
                return refused(r.userId());
            }
        }
        reads.forEach(r -> readSeq.merge(r.userId() + "/" + r.conversationId(), r.seq(), Math::max));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> writeMemberships(List<ConversationMembers> snapshots) {
        if (shouldFail("memberships")) {
            return unavailable();
        }
        // The real store binds its first statement (the stored snapshot's SELECT) synchronously and
        // the rest inside a stage, so anything refused here fails the stage.
        for (ConversationMembers c : snapshots) {
            bind(c.conversationId());
        }
        try {
            for (ConversationMembers c : snapshots) {
                bind(c.kind(), c.title());
                c.members().forEach(this::bind);
                if (tooLongKey(c.conversationId()) || c.members().stream().anyMatch(InMemoryHistoryStore::tooLongKey)) {
                    return refused(c.conversationId());
                }
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        MembershipChange.byConversation(snapshots).forEach((id, list) ->
                MembershipChange.of(conversations.get(id), list).ifPresent(change -> {
                    long ts = change.latest().version();
                    change.latest().members().forEach(u -> userRows.merge(u + "/" + id, new UserRow(ts, true),
                            (old, now) -> old.timestamp() < ts ? now : old));
                    // A delete wins over an insert with the same timestamp, as in CQL.
                    change.removed().forEach(u -> userRows.merge(u + "/" + id, new UserRow(ts, false),
                            (old, now) -> old.timestamp() <= ts ? now : old));
                    conversations.put(id, change.latest());
                }));
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<Message> messages(String conversationId) {
        return List.copyOf(messages.getOrDefault(conversationId, new TreeMap<>()).values());
    }

    /** The newest message a reader finds (the last row of the bucket {@code conversation_state} names), or null. */
    public synchronized Message lastMessage(String conversationId) {
        return conversationState.get(conversationId);
    }

    /** The stored read position, or null. */
    public synchronized Long readSeq(String userId, String conversationId) {
        return readSeq.get(userId + "/" + conversationId);
    }

    public synchronized ConversationMembers conversation(String conversationId) {
        return conversations.get(conversationId);
    }

    /** The conversations listed for a user ({@code user_conversations}). */
    public synchronized Set<String> conversationsOf(String userId) {
        Set<String> ids = new TreeSet<>();
        userRows.forEach((key, row) -> {
            if (row.live() && key.startsWith(userId + "/")) {
                ids.add(key.substring(userId.length() + 1));
            }
        });
        return ids;
    }

    /** Every write call so far, failed ones included, by kind ({@code messages}, {@code reads}, {@code memberships}). */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized int callCount() {
        return calls.size();
    }

    private record UserRow(long timestamp, boolean live) {
    }

    private boolean shouldFail(String kind) {
        calls.add(kind);
        if (failuresLeft > 0) {
            failuresLeft--;
            return true;
        }
        return false;
    }

    private static CompletionStage<Void> unavailable() {
        return CompletableFuture.failedFuture(new NoNodeAvailableException());
    }

    /** As the driver's text codec encodes a bound value. */
    private void bind(String... texts) {
        for (String t : texts) {
            if (!Unicode.isWellFormed(t)) {
                throw new IllegalArgumentException(new MalformedInputException(1));
            }
        }
    }

    /** As the driver's timestamp codec encodes a bound value. */
    private void bind(Instant at) {
        if (at != null) {
            at.toEpochMilli();
        }
    }

    private static boolean tooLongKey(String key) {
        return key != null && key.getBytes(StandardCharsets.UTF_8).length > 65_535;
    }

    private static CompletionStage<Void> refused(String key) {
        return CompletableFuture.failedFuture(new InvalidQueryException(null,
                "Key length of " + key.getBytes(StandardCharsets.UTF_8).length + " is longer than maximum of 65535"));
    }
}
