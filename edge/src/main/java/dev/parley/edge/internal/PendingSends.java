package dev.parley.edge.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sends a node put into the log and has not seen answered, by when they were admitted, in three
 * groups by how long they have waited: <em>fresh</em> ones, still within the time an answer should
 * take; <em>late</em> ones; and <em>stuck</em> ones, which have waited so long that their answer is
 * stalled or lost (a partition whose task is moving, a node channel that was down) and say nothing
 * about the rest of the pipeline. Each group keeps admission order, so ageing and forgetting take
 * from its head. Not thread-safe: {@link SendBackpressure} holds its lock around every call.
 */
final class PendingSends {
    record Key(String sessionId, String clientMsgId) {
    }

    /** What {@link #forgetBefore} dropped: how many, and the first of them (null when none). */
    record Forgotten(int count, Key first) {
    }

    private final long lateAfterMs;
    private final long stuckAfterMs;
    private final LinkedHashMap<Key, Long> fresh = new LinkedHashMap<>();
    private final LinkedHashMap<Key, Long> late = new LinkedHashMap<>();
    private final LinkedHashMap<Key, Long> stuck = new LinkedHashMap<>();
    /** Oldest group first: every send in a group was admitted before every send of the next. */
    private final List<LinkedHashMap<Key, Long>> groups = List.of(stuck, late, fresh);
    /** Where an answer's send is looked up: most answers come while their send is still fresh. */
    private final List<LinkedHashMap<Key, Long>> lookupOrder = List.of(fresh, late, stuck);
    private final Map<String, Set<Key>> bySession = new HashMap<>();

    PendingSends(long lateAfterMs, long stuckAfterMs) {
        this.lateAfterMs = lateAfterMs;
        this.stuckAfterMs = stuckAfterMs;
    }

    /** Adds a send admitted at {@code nowMs}; a resend of a pending one keeps its first time. */
    void add(String sessionId, String clientMsgId, long nowMs) {
        Key key = new Key(sessionId, clientMsgId);
        if (!stuck.containsKey(key) && !late.containsKey(key) && fresh.putIfAbsent(key, nowMs) == null) {
            bySession.computeIfAbsent(sessionId, s -> new LinkedHashSet<>()).add(key);
        }
    }

    /** @return when the send was admitted (epoch ms), or -1 when it was not pending */
    long remove(String sessionId, String clientMsgId) {
        Key key = new Key(sessionId, clientMsgId);
        for (LinkedHashMap<Key, Long> group : lookupOrder) {
            Long admitted = group.remove(key);
            if (admitted != null) {
                unindex(key);
                return admitted;
            }
        }
        return -1;
    }

    /** Moves the sends that have waited long enough at {@code nowMs} on to the next group. */
    void age(long nowMs) {
        move(fresh, late, nowMs - lateAfterMs);
        move(late, stuck, nowMs - stuckAfterMs);
    }

    private static void move(LinkedHashMap<Key, Long> from, LinkedHashMap<Key, Long> to, long cutoffMs) {
        while (!from.isEmpty() && from.firstEntry().getValue() < cutoffMs) {
            var oldest = from.pollFirstEntry();
            to.put(oldest.getKey(), oldest.getValue());
        }
    }

    /** Drops the stuck sends admitted before {@code cutoffMs}, which must be before the stuck cut-off. */
    Forgotten forgetBefore(long cutoffMs) {
        Key first = null;
        int count = 0;
        while (!stuck.isEmpty() && stuck.firstEntry().getValue() < cutoffMs) {
            Key oldest = stuck.pollFirstEntry().getKey();
            unindex(oldest);
            first = first == null ? oldest : first;
            count++;
        }
        return new Forgotten(count, first);
    }

    /** Removes and returns, by session, every send admitted before {@code cutoffMs}. */
    Map<String, Set<String>> takeAdmittedBefore(long cutoffMs) {
        Map<String, Set<String>> out = new HashMap<>();
        for (LinkedHashMap<Key, Long> group : groups) {
            for (var it = group.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue() >= cutoffMs) {
                    return out; // in admission order
                }
                it.remove();
                unindex(e.getKey());
                out.computeIfAbsent(e.getKey().sessionId(), s -> ConcurrentHashMap.newKeySet())
                        .add(e.getKey().clientMsgId());
            }
        }
        return out;
    }

    /** Drops a closed session's sends. */
    void forgetSession(String sessionId) {
        Set<Key> keys = bySession.remove(sessionId);
        if (keys != null) {
            keys.forEach(k -> groups.forEach(g -> g.remove(k)));
        }
    }

    /** When the oldest send that is not stuck was admitted, or -1 when there is none. */
    long oldestLive() {
        return !late.isEmpty() ? late.firstEntry().getValue() : fresh.isEmpty() ? -1 : fresh.firstEntry().getValue();
    }

    int fresh() {
        return fresh.size();
    }

    /** The sends that are not stuck: fresh and late. */
    int live() {
        return fresh.size() + late.size();
    }

    int stuck() {
        return stuck.size();
    }

    private void unindex(Key key) {
        Set<Key> keys = bySession.get(key.sessionId());
        keys.remove(key);
        if (keys.isEmpty()) {
            bySession.remove(key.sessionId());
        }
    }
}
