package dev.parley.replay.internal.shadow;

import dev.parley.common.event.Message;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.topic.Topics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds the decoded records of a shadow run and of the live log, in any order, into a
 * {@link ShadowReport}: the messages of both sides per conversation, the outcomes (ack or refusal)
 * of both sides per send, and the retained send commands, which tell which conversations and which
 * outcomes the shadow run could have reproduced at all. No Kafka; {@link ShadowCompare} feeds it.
 *
 * <p>With a cutoff (the shadow run's snapshot time) sends received after it are left out on both
 * sides: their messages (by {@code sentAt}), replies and commands (by record time, which for all
 * three is the time the edge received the send). The shadow stopped somewhere after the cutoff and
 * the live topology went on, so what either wrote for them says nothing.
 */
public final class ShadowFold {
    /** A send as the client names it: retries share it, and the replies are about it. */
    public record SendKey(String userId, String clientMsgId) {
        @Override
        public String toString() {
            return userId + "/" + clientMsgId;
        }
    }

    private static final Comparator<SendKey> BY_NAME =
            Comparator.comparing(SendKey::userId).thenComparing(SendKey::clientMsgId);

    private record Sent(String conversationId, long firstAtMs) {
    }

    private final long untilMs;
    private final SideOutput live = new SideOutput();
    private final SideOutput shadow = new SideOutput();
    private final Map<SendKey, Sent> sends = new HashMap<>();
    private final Set<String> retainedMessageIds = new HashSet<>();
    private long oldestCommandMs = Long.MAX_VALUE;
    private long oldestLiveReplyMs = Long.MAX_VALUE;
    /** Per partition that lost records to retention, which deletes each partition's segments on its own. */
    private final Map<String, Long> oldestAfterDeletionMs = new HashMap<>();
    private final SortedMap<String, Long> undecodable = new TreeMap<>();
    private long afterCutoff;

    /** Compares everything. */
    public ShadowFold() {
        this(null);
    }

    /** @param until sends received after this are left out; null for none */
    public ShadowFold(Instant until) {
        this.untilMs = until == null ? Long.MAX_VALUE : until.toEpochMilli();
    }

    public void liveMessage(Message m) {
        if (!after(m)) {
            live.message(m);
        }
    }

    public void shadowMessage(Message m) {
        if (!after(m)) {
            shadow.message(m);
        }
    }

    public void liveReply(Reply r, long recordTimestamp) {
        liveReply(r, recordTimestamp, 0, 0);
    }

    /**
     * As {@link #liveReply(Reply, long)}, at an offset of a partition of the replies topic: a
     * partition read from offset 0 lost nothing, any other may have lost replies younger than the
     * oldest reply of another partition (read_committed hides an aborted start too: that only
     * narrows the window).
     */
    public void liveReply(Reply r, long recordTimestamp, int partition, long offset) {
        liveReply(r, recordTimestamp, Topics.REPLIES.name(), partition, offset);
    }

    /**
     * As {@link #liveReply(Reply, long, int, long)}, from a partition of {@code topic}: the replies
     * topic, or the deliveries topic for an ack that rode on its message's delivery.
     */
    public void liveReply(Reply r, long recordTimestamp, String topic, int partition, long offset) {
        oldestLiveReplyMs = Math.min(oldestLiveReplyMs, recordTimestamp);
        oldestAfterDeletionMs.merge(topic + "-" + partition, offset == 0 ? Long.MIN_VALUE : recordTimestamp,
                Math::min);
        if (!after(recordTimestamp)) {
            live.reply(r, recordTimestamp);
        }
    }

    public void shadowReply(Reply r, long recordTimestamp) {
        if (!after(recordTimestamp)) {
            shadow.reply(r, recordTimestamp);
        }
    }

    /** A retained send; the record time is the one the topology decided with. */
    public void command(SendCommand c, long recordTimestamp) {
        if (after(recordTimestamp)) {
            return;
        }
        oldestCommandMs = Math.min(oldestCommandMs, recordTimestamp);
        if (c.messageId() != null) {
            retainedMessageIds.add(c.messageId());
        }
        if (c.userId() != null && c.clientMsgId() != null && c.conversationId() != null) {
            sends.merge(new SendKey(c.userId(), c.clientMsgId()), new Sent(c.conversationId(), recordTimestamp),
                    (a, b) -> b.firstAtMs() < a.firstAtMs() ? b : a);
        }
    }

    /** A record of {@code topic} that could not be decoded. */
    public void undecodable(String topic) {
        undecodable.merge(topic, 1L, Long::sum);
    }

    private boolean after(Message m) {
        return m.sentAt() != null && after(m.sentAt().toEpochMilli());
    }

    private boolean after(long timestampMs) {
        boolean after = timestampMs > untilMs;
        if (after) {
            afterCutoff++;
        }
        return after;
    }

    /**
     * The oldest time from which every live reply is still there, null without live replies: the
     * oldest live reply, or later, the latest oldest reply of a partition that lost records, since a
     * send's replies may be in any partition.
     */
    Instant outcomesFrom() {
        if (oldestLiveReplyMs == Long.MAX_VALUE) {
            return null;
        }
        long from = oldestAfterDeletionMs.values().stream().reduce(oldestLiveReplyMs, Math::max);
        return Instant.ofEpochMilli(from);
    }

    public ShadowReport report() {
        Instant from = outcomesFrom();
        SortedSet<String> ids = new TreeSet<>(live.messages.keySet());
        ids.addAll(shadow.messages.keySet());
        Map<String, SortedSet<SendKey>> comparableSends = new HashMap<>();
        sends.forEach((key, sent) -> {
            ids.add(sent.conversationId());
            // Sent before the window: its live replies may be gone already, the shadow's are not.
            if (from != null && sent.firstAtMs() >= from.toEpochMilli()) {
                comparableSends.computeIfAbsent(sent.conversationId(), k -> new TreeSet<>(BY_NAME)).add(key);
            }
        });
        List<ConversationResult> results = new ArrayList<>();
        long messages = 0;
        long outcomes = 0;
        for (String id : ids) {
            SortedMap<Long, Message> l = live.messages.getOrDefault(id, new TreeMap<>());
            SortedMap<Long, Message> s = shadow.messages.getOrDefault(id, new TreeMap<>());
            String reason = notComparable(l);
            List<Divergence> found = new ArrayList<>();
            if (reason == null) {
                SortedSet<Long> seqs = new TreeSet<>(l.keySet());
                seqs.addAll(s.keySet());
                messages += seqs.size();
                seqs.forEach(seq -> add(found, Divergence.message(id, seq, l.get(seq), s.get(seq))));
                for (SendKey key : comparableSends.getOrDefault(id, new TreeSet<>(BY_NAME))) {
                    outcomes++;
                    add(found, Divergence.outcome(id, key.toString(), live.outcomes(key), shadow.outcomes(key)));
                }
            }
            results.add(new ConversationResult(id,
                    reason == null ? ConversationResult.Status.COMPARED : ConversationResult.Status.NOT_COMPARABLE,
                    reason, l.size(), s.size(), found));
        }
        return new ShadowReport(results, messages, outcomes, from,
                untilMs == Long.MAX_VALUE ? null : Instant.ofEpochMilli(untilMs), afterCutoff, live.otherReplies,
                shadow.otherReplies, undecodable);
    }

    /** Why a conversation cannot be compared, or null when it can. */
    private String notComparable(SortedMap<Long, Message> live) {
        if (live.isEmpty()) {
            return null; // nothing in the live log: whatever the shadow wrote is a divergence
        }
        Message first = live.get(1L);
        if (first == null) {
            return "the live log has no seq 1";
        }
        if (retainedMessageIds.contains(first.messageId())) {
            return null;
        }
        return "began before the retained commands (seq 1 is older than the oldest retained command, "
                + (oldestCommandMs == Long.MAX_VALUE ? "none is retained" : Instant.ofEpochMilli(oldestCommandMs))
                + ")";
    }

    private static void add(List<Divergence> found, Divergence d) {
        if (d != null) {
            found.add(d);
        }
    }
}
