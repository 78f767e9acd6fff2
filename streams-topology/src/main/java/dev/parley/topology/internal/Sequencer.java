package dev.parley.topology.internal;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides a send in stage 2: the original ack for a retry, {@code not_member} for an outsider,
 * otherwise the next seq of the conversation. Everything it returns is a function of the command,
 * its record time and the stores, so a replay assigns the same seq, messageId and sentAt.
 */
public final class Sequencer {
    /** What became of a send. */
    public sealed interface Outcome permits Accepted, Duplicate, Refused {
    }

    /** A new message: emit it, its deliveries and the ack. */
    public record Accepted(Message message, AckFrame ack) implements Outcome {
    }

    /** A retry within the dedupe window: reply the original ack, emit nothing else. */
    public record Duplicate(AckFrame ack) implements Outcome {
    }

    public record Refused(ErrorFrame error) implements Outcome {
    }

    private final KeyValueStore<String, Long> sequences;
    private final DedupeLog dedupe;

    public Sequencer(KeyValueStore<String, Long> sequences, DedupeLog dedupe) {
        this.sequences = sequences;
        this.dedupe = dedupe;
    }

    /** The conversation's last assigned seq, 0 before its first message. */
    public long lastSeq(String conversationId) {
        Long last = sequences.get(conversationId);
        return last == null ? 0 : last;
    }

    /**
     * Decides a send without writing anything: the caller {@linkplain #record records} an
     * {@link Accepted} outcome only when it applies its outputs too (see {@link Plan}).
     *
     * @param members the conversation's current members, or null when it is unknown
     * @param nowMs   the record time of the command
     */
    public Outcome decide(SendCommand cmd, ConversationMembers members, long nowMs) {
        String key = DedupeLog.key(cmd.conversationId(), cmd.userId(), cmd.clientMsgId());
        // Dedupe before membership: a sender removed after the original send still learns that
        // the message is in the log, instead of a not_member that suggests it was lost.
        AckFrame original = dedupe.lookup(key, nowMs);
        if (original != null) {
            return new Duplicate(original);
        }
        if (members == null || !members.isMember(cmd.userId())) {
            return new Refused(ErrorFrame.of(ErrorCode.NOT_MEMBER, "not a member of this conversation",
                    cmd.clientMsgId()));
        }
        long seq = lastSeq(cmd.conversationId()) + 1;
        Message m = new Message(cmd.conversationId(), seq, cmd.messageId(), cmd.userId(), cmd.clientMsgId(),
                cmd.body(), cmd.receivedAt());
        return new Accepted(m, AckFrame.of(m));
    }

    /** Makes an accepted send permanent: the conversation's counter and the dedupe entry. */
    public void record(Accepted a, long nowMs) {
        Message m = a.message();
        sequences.put(m.conversationId(), m.seq());
        dedupe.remember(DedupeLog.key(m.conversationId(), m.senderId(), m.clientMsgId()), a.ack(), nowMs);
    }

    /** {@link #decide} then, when accepted, {@link #record}: for callers that write at once. */
    public Outcome accept(SendCommand cmd, ConversationMembers members, long nowMs) {
        Outcome o = decide(cmd, members, nowMs);
        if (o instanceof Accepted a) {
            record(a, nowMs);
        }
        return o;
    }
}
