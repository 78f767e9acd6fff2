package dev.parley.common.redis;

import dev.parley.common.frame.ServerFrame;
import java.util.List;

/**
 * What is published on an edge node's channel (by the sinks' node router, and by the edge for presence). Either {@code sessionId} is set
 * (an ack or error for one session) or {@code userIds} (every local session of those users gets
 * the frame; the edge drops users it no longer holds).
 */
public record NodeEnvelope(List<String> userIds, String sessionId, ServerFrame frame) {

    public static NodeEnvelope toUsers(List<String> userIds, ServerFrame frame) {
        return new NodeEnvelope(List.copyOf(userIds), null, frame);
    }

    public static NodeEnvelope toSession(String sessionId, ServerFrame frame) {
        return new NodeEnvelope(null, sessionId, frame);
    }
}
