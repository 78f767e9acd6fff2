package dev.parley.auth.internal.memory;

import dev.parley.auth.Conversation;
import dev.parley.auth.ConversationRepository;
import dev.parley.auth.ConversationTransaction;
import dev.parley.auth.Outbox;
import dev.parley.auth.UserRepository;
import dev.parley.common.event.ConversationMembers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Conversations and their outbox in memory, for tests. A transaction holds one global lock and
 * works on a copy of the state that replaces the original only when the work returns, so a
 * failed transaction leaves nothing behind.
 */
public final class InMemoryConversations implements ConversationRepository, Outbox {
    private final UserRepository users;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock relayLock = new ReentrantLock();
    private State state = new State(new HashMap<>(), new HashMap<>(), new TreeMap<>(), new TreeMap<>(), 0);

    public InMemoryConversations(UserRepository users) {
        this.users = users;
    }

    private record State(Map<String, Conversation> conversations, Map<String, String> direct,
                         TreeMap<Long, ConversationMembers> pending, TreeMap<Long, ConversationMembers> published,
                         long lastOutboxId) {
        State copy() {
            return new State(new HashMap<>(conversations), new HashMap<>(direct), new TreeMap<>(pending),
                    new TreeMap<>(published), lastOutboxId);
        }
    }

    @Override
    public <T> T inTransaction(Function<ConversationTransaction, T> work) {
        lock.lock();
        try {
            Tx tx = new Tx(state.copy());
            T result = work.apply(tx);
            state = tx.s;
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int publishPending(int limit, Consumer<List<ConversationMembers>> publish) {
        if (!relayLock.tryLock()) {
            return 0;
        }
        try {
            List<ConversationMembers> batch;
            lock.lock();
            try {
                batch = state.pending.values().stream().limit(limit).toList();
            } finally {
                lock.unlock();
            }
            if (batch.isEmpty()) {
                return 0;
            }
            publish.accept(batch);
            lock.lock();
            try {
                State next = state.copy();
                batch.forEach(m -> next.published.put(m.version(), next.pending.remove(m.version())));
                state = next;
            } finally {
                lock.unlock();
            }
            return batch.size();
        } finally {
            relayLock.unlock();
        }
    }

    /** Every outbox entry ever appended (published or not), in id order. */
    public List<ConversationMembers> outboxEntries() {
        lock.lock();
        try {
            TreeMap<Long, ConversationMembers> all = new TreeMap<>(state.published);
            all.putAll(state.pending);
            return List.copyOf(all.values());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Backlog backlog() {
        lock.lock();
        try {
            return new Backlog(state.pending.size(), state.pending.values().stream()
                    .map(ConversationMembers::changedAt).min(Instant::compareTo));
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries not yet published. */
    public int pendingCount() {
        lock.lock();
        try {
            return state.pending.size();
        } finally {
            lock.unlock();
        }
    }

    private final class Tx implements ConversationTransaction {
        private State s;

        Tx(State s) {
            this.s = s;
        }

        @Override
        public Optional<Conversation> find(String conversationId) {
            return Optional.ofNullable(s.conversations.get(conversationId));
        }

        @Override
        public Optional<Conversation> lock(String conversationId) {
            return find(conversationId);
        }

        @Override
        public Set<String> existingUsers(Collection<String> userIds) {
            return users.existing(userIds);
        }

        @Override
        public Optional<Conversation> findDirect(String directKey) {
            return Optional.ofNullable(s.direct.get(directKey)).map(s.conversations::get);
        }

        @Override
        public boolean insert(Conversation conversation, String directKey) {
            if (directKey != null && s.direct.putIfAbsent(directKey, conversation.id()) != null) {
                return false;
            }
            s.conversations.put(conversation.id(), conversation);
            return true;
        }

        @Override
        public void addMembers(String conversationId, Collection<String> userIds, Instant at) {
            Conversation c = s.conversations.get(conversationId);
            Set<String> members = new LinkedHashSet<>(c.members());
            members.addAll(userIds);
            s.conversations.put(conversationId, c.withMembers(new ArrayList<>(members)));
        }

        @Override
        public boolean removeMember(String conversationId, String userId) {
            Conversation c = s.conversations.get(conversationId);
            List<String> members = new ArrayList<>(c.members());
            boolean removed = members.remove(userId);
            s.conversations.put(conversationId, c.withMembers(members));
            return removed;
        }

        @Override
        public long appendOutbox(ConversationMembers m) {
            long id = s.lastOutboxId + 1;
            s = new State(s.conversations, s.direct, s.pending, s.published, id);
            s.pending.put(id, new ConversationMembers(m.conversationId(), m.kind(), m.title(), m.members(), id,
                    m.changedAt()));
            return id;
        }
    }
}
