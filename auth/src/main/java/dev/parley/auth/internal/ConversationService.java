package dev.parley.auth.internal;

import dev.parley.auth.Conversation;
import dev.parley.auth.ConversationRepository;
import dev.parley.auth.ConversationTransaction;
import dev.parley.auth.internal.http.ApiException;
import dev.parley.common.event.ConversationMembers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The rules of conversations and membership. Every change runs in one transaction that locks
 * the conversation and appends the new member list to the outbox.
 */
public final class ConversationService {
    private final ConversationRepository repository;
    private final Clock clock;

    public ConversationService(ConversationRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @param created false when an existing direct conversation was returned */
    public record Created(Conversation conversation, boolean created) {
    }

    public Created createDirect(String caller, List<String> members) {
        if (members == null || members.size() != 1) {
            throw ApiException.invalid("a direct conversation has exactly one other member");
        }
        String other = members.getFirst();
        if (other.equals(caller)) {
            throw ApiException.invalid("a direct conversation needs another user");
        }
        if (!Validation.id(other)) {
            // Not an id this service issues, so no such user; and it must not reach the database,
            // which refuses some strings (a NUL) with an error that would answer 503.
            throw ApiException.notFound("unknown user");
        }
        String key = Conversation.directKey(caller, other);
        return repository.inTransaction(tx -> {
            Optional<Conversation> existing = tx.findDirect(key);
            if (existing.isPresent()) {
                return new Created(existing.get(), false);
            }
            requireUsers(tx, List.of(other));
            Conversation c = new Conversation(UUID.randomUUID().toString(), Conversation.DIRECT, null, caller,
                    now(), List.of(caller, other));
            if (!tx.insert(c, key)) {
                return new Created(tx.findDirect(key).orElseThrow(), false);
            }
            tx.appendOutbox(snapshot(c));
            return new Created(c, true);
        });
    }

    public Conversation createGroup(String caller, String title, List<String> members) {
        if (!Validation.title(title)) {
            throw ApiException.invalid("title must be 1 to " + Validation.MAX_TITLE + " characters");
        }
        Set<String> all = new LinkedHashSet<>();
        all.add(caller);
        if (members != null) {
            all.addAll(members);
        }
        return repository.inTransaction(tx -> {
            requireUsers(tx, all);
            Conversation c = new Conversation(UUID.randomUUID().toString(), Conversation.GROUP, title, caller,
                    now(), List.copyOf(all));
            tx.insert(c, null);
            tx.appendOutbox(snapshot(c));
            return c;
        });
    }

    public Conversation get(String caller, String conversationId) {
        return repository.inTransaction(tx -> tx.find(conversationId))
                .filter(c -> c.isMember(caller))
                .orElseThrow(ConversationService::unknownConversation);
    }

    public void addMembers(String caller, String conversationId, List<String> userIds) {
        repository.inTransaction(tx -> {
            Conversation c = lockAsMember(tx, caller, conversationId);
            Set<String> fresh = new LinkedHashSet<>(userIds);
            fresh.removeAll(c.members());
            if (fresh.isEmpty()) {
                return null;
            }
            requireUsers(tx, fresh);
            if (c.members().size() + fresh.size() > Conversation.MAX_GROUP_MEMBERS) {
                throw ApiException.invalid("a group holds at most " + Conversation.MAX_GROUP_MEMBERS + " members");
            }
            Instant now = now();
            tx.addMembers(c.id(), fresh, now);
            List<String> after = new ArrayList<>(c.members());
            after.addAll(fresh);
            tx.appendOutbox(snapshot(c.withMembers(after), now));
            return null;
        });
    }

    public void removeMember(String caller, String conversationId, String userId) {
        repository.inTransaction(tx -> {
            Conversation c = lockAsMember(tx, caller, conversationId);
            if (!userId.equals(caller) && !caller.equals(c.creatorId())) {
                throw ApiException.forbidden("only the creator may remove other members");
            }
            if (!c.isMember(userId) || !tx.removeMember(c.id(), userId)) {
                return null;
            }
            List<String> after = new ArrayList<>(c.members());
            after.remove(userId);
            tx.appendOutbox(snapshot(c.withMembers(after), now()));
            return null;
        });
    }

    /** Milliseconds, so that what the database returns later equals what was answered now. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Conversation lockAsMember(ConversationTransaction tx, String caller, String conversationId) {
        Conversation c = tx.lock(conversationId).filter(x -> x.isMember(caller))
                .orElseThrow(ConversationService::unknownConversation);
        if (!Conversation.GROUP.equals(c.kind())) {
            throw ApiException.invalid("members can change only in group conversations");
        }
        return c;
    }

    private static void requireUsers(ConversationTransaction tx, Collection<String> userIds) {
        Set<String> known = tx.existingUsers(userIds);
        for (String id : userIds) {
            if (!known.contains(id)) {
                throw ApiException.notFound(Validation.id(id) ? "unknown user: " + id : "unknown user");
            }
        }
    }

    private static ApiException unknownConversation() {
        return ApiException.notFound("no such conversation");
    }

    private ConversationMembers snapshot(Conversation c) {
        return snapshot(c, c.createdAt());
    }

    private static ConversationMembers snapshot(Conversation c, Instant at) {
        return new ConversationMembers(c.id(), c.kind(), c.title(), c.members(), 0, at);
    }
}
