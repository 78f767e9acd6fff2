package dev.parley.edge.internal;

import dev.parley.common.frame.MessageFrame;
import dev.parley.common.redis.NodeEnvelope;

/**
 * The outbound path, node channel to sockets: an envelope {@link NodeInbox} has checked goes to
 * the session it names or to every local session of its users, a conversation's messages only in
 * increasing seq ({@link SeqGate}). Never blocks: sessions only enqueue, their writers send.
 */
public final class SessionOutbound {
    private final SessionRegistry registry;

    SessionOutbound(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Routes a checked envelope and its frame, already written as text once for all its sessions. */
    void deliver(NodeEnvelope envelope, String text) {
        MessageFrame message = envelope.frame() instanceof MessageFrame m ? m : null;
        if (envelope.sessionId() != null) {
            registry.session(envelope.sessionId()).ifPresent(s -> s.sendText(text));
            return;
        }
        for (String userId : envelope.userIds()) {
            for (EdgeSession s : registry.sessionsOf(userId)) {
                if (message == null || s.admitMessage(message.conversationId(), message.seq())) {
                    s.sendText(text);
                }
            }
        }
    }
}
