package dev.parley.replay.internal.shadow;

import dev.parley.common.event.Message;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What one side (live or shadow) wrote: messages per conversation and seq, outcomes per send. */
final class SideOutput {
    private record Outcome(long timestampMs, String text) {
    }

    final Map<String, SortedMap<Long, Message>> messages = new HashMap<>();
    final Map<ShadowFold.SendKey, List<Outcome>> outcomes = new HashMap<>();
    /** Replies that are not a send's outcome, e.g. the refusal of a read. */
    long otherReplies;

    void message(Message m) {
        messages.computeIfAbsent(m.conversationId(), k -> new TreeMap<>()).put(m.seq(), m);
    }

    void reply(Reply r, long timestampMs) {
        String clientMsgId = null;
        String text = null;
        switch (r.frame()) {
            case AckFrame a -> {
                clientMsgId = a.clientMsgId();
                text = "ack " + a.seq();
            }
            case ErrorFrame e when e.clientMsgId() != null -> {
                clientMsgId = e.clientMsgId();
                text = e.code() == null ? "error" : e.code().wire();
            }
            case null, default -> {
            }
        }
        if (text == null || clientMsgId == null || r.userId() == null) {
            otherReplies++;
            return;
        }
        outcomes.computeIfAbsent(new ShadowFold.SendKey(r.userId(), clientMsgId), k -> new ArrayList<>())
                .add(new Outcome(timestampMs, text));
    }

    /**
     * In record time order: a user's replies are keyed by node, so two sessions' replies to one
     * send sit in different partitions; the record time is the command's, the same on both sides.
     */
    List<String> outcomes(ShadowFold.SendKey key) {
        List<Outcome> list = new ArrayList<>(outcomes.getOrDefault(key, List.of()));
        list.sort(Comparator.comparingLong(Outcome::timestampMs));
        return list.stream().map(Outcome::text).toList();
    }
}
