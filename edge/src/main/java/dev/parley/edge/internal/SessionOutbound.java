package dev.parley.edge.internal;

import dev.parley.common.event.Message;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.redis.NodeEnvelope;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The outbound path, node channel to sockets: an envelope {@link NodeInbox} has checked goes to
 * the session it names or to every local session of its users, a conversation's messages only in
 * increasing seq ({@link SeqGate}); the ack a message's envelope carries goes to its sending session
 * before the message. Never blocks: sessions only enqueue, their writers send.
 */
public final class SessionOutbound {
    private final SessionRegistry registry;
    private final SendBackpressure backpressure;

    SessionOutbound(SessionRegistry registry, SendBackpressure backpressure) {
        this.registry = registry;
        this.backpressure = backpressure;
    }

    /** Routes a checked envelope and its frame, already written as text once for all its sessions. */
    void deliver(NodeEnvelope envelope, String text) {
        MessageFrame message = envelope.frame() instanceof MessageFrame m ? m : null;
        if (envelope.sessionId() != null) {
            long acked = -1; // when the send this acks was admitted: its ack is timed from then
            switch (envelope.frame()) {
                case AckFrame ack -> acked = backpressure.settled(envelope.sessionId(), ack.clientMsgId());
                case ErrorFrame error when error.clientMsgId() != null ->
                        backpressure.settled(envelope.sessionId(), error.clientMsgId());
                default -> { }
            }
            long admittedAt = acked;
            registry.session(envelope.sessionId()).ifPresent(s -> s.sendText(envelope.frame(), text, admittedAt));
            return;
        }
        if (envelope.ackSessionId() != null && message != null) {
            // Before the message, as a reply would have come: the sending session learns its seq first.
            AckFrame ack = AckFrame.of(message);
            long admittedAt = backpressure.settled(envelope.ackSessionId(), ack.clientMsgId());
            registry.session(envelope.ackSessionId()).ifPresent(s -> s.sendText(ack, Frames.write(ack), admittedAt));
        }
        for (String userId : envelope.userIds()) {
            for (EdgeSession s : registry.sessionsOf(userId)) {
                if (message == null) {
                    s.sendText(envelope.frame(), text);
                } else {
                    s.sendMessage(message.conversationId(), message.seq(), message.sentAt(), text);
                }
            }
        }
    }

    /** Sends whose answers may have been lost, by session: see {@link SendBackpressure#takeAdmittedBefore}. */
    Map<String, Set<String>> takeAwaitedBefore(Instant cutoff) {
        return backpressure.takeAdmittedBefore(cutoff.toEpochMilli());
    }

    /**
     * A message from history for a session that may have missed it: first its ack, when it is the
     * session's own send still in {@code awaitedAcks} (which loses it), then the message frame,
     * only in increasing seq as for live deliveries.
     *
     * @return whether the session was sent the ack of its own send
     */
    boolean redeliver(EdgeSession session, Message m, String text, Set<String> awaitedAcks) {
        boolean acked = awaitedAcks != null && m.senderId().equals(session.userId())
                && awaitedAcks.remove(m.clientMsgId());
        if (acked) {
            session.send(AckFrame.of(m));
        }
        session.sendMessage(m.conversationId(), m.seq(), m.sentAt(), text);
        return acked;
    }
}
