package dev.parley.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ServerFrame;
import java.util.List;

/**
 * A frame for a set of recipients, on {@code parley.deliveries.v1} keyed by conversation.
 * The topology splits a large conversation's recipients into chunks of at most
 * {@link #MAX_RECIPIENTS}, so a message to a 10,000-member group costs ten records; the delivery
 * router then publishes once per edge node that holds any of a chunk's recipients.
 *
 * <p>{@code ackTo}, set only on the chunk of a new message that lists its sender, is the session
 * that sent it: that session gets the message's {@code ack} (see {@link #ack}) before the message
 * itself. The ack rides on the delivery instead of a record of its own on
 * {@code parley.replies.v1} (issue 11): one record, one Redis publish and one envelope less per
 * message. It is written in the same transaction as the message, as the reply was. Added after the
 * first release: a record without it reads it as null, and retries and refusals still go through
 * the replies topic.
 */
public record Delivery(String conversationId, List<String> recipients, ServerFrame frame,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Origin ackTo) {
    public static final int MAX_RECIPIENTS = 1000;

    public Delivery {
        recipients = List.copyOf(recipients);
    }

    /** A delivery that acknowledges nothing. */
    public Delivery(String conversationId, List<String> recipients, ServerFrame frame) {
        this(conversationId, recipients, frame, null);
    }

    /** The ack {@code ackTo} gets, or null when there is none (no {@code ackTo}, or not a message). */
    public AckFrame ack() {
        return ackTo != null && frame instanceof MessageFrame m ? AckFrame.of(m) : null;
    }

    /**
     * The reply the ack stands for (what {@code parley.replies.v1} carried before it rode here), for
     * readers that take answers from both topics; null when there is no ack.
     */
    public Reply ackReply() {
        AckFrame ack = ack();
        return ack == null ? null : new Reply(ackTo, ((MessageFrame) frame).senderId(), ack);
    }
}
