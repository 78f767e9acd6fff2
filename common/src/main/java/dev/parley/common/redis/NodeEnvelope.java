package dev.parley.common.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.common.frame.ServerFrame;
import java.util.List;

/**
 * What is published on an edge node's channel (by the sinks' node router, and by the edge for presence). Either {@code sessionId} is set
 * (an ack or error for one session) or {@code userIds} (every local session of those users gets
 * the frame; the edge drops users it no longer holds).
 *
 * <p>{@code traceparent} is the W3C trace context of the message the frame belongs to (Redis
 * pub/sub has no headers), or null; {@code publishedAt} is when the router published it (epoch
 * milliseconds, for the edge's channel-lag meter), or null. Both were added after the first
 * release: an edge that does not know
 * them ignores them, and an envelope without them reads them as null.
 *
 * <p>{@code ackSessionId}, only beside {@code userIds} and a {@code message} frame, names the
 * session on this node that sent the message: it gets the message's {@code ack} first (the ack
 * riding on the delivery, see {@link dev.parley.common.event.Delivery}). Added later still; an edge
 * that does not know it delivers the message and loses the ack, which its client's retry of the
 * send gets back (an idempotent send answers with the original ack): upgrade the edges before the
 * sinks.
 */
public record NodeEnvelope(List<String> userIds, String sessionId, ServerFrame frame,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long publishedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String ackSessionId) {

    public static NodeEnvelope toUsers(List<String> userIds, ServerFrame frame) {
        return toUsers(userIds, frame, null);
    }

    /** @param ackSessionId the session that sent the message {@code frame} carries, or null */
    public static NodeEnvelope toUsers(List<String> userIds, ServerFrame frame, String ackSessionId) {
        return new NodeEnvelope(List.copyOf(userIds), null, frame, null, null, ackSessionId);
    }

    public static NodeEnvelope toSession(String sessionId, ServerFrame frame) {
        return new NodeEnvelope(null, sessionId, frame, null, null, null);
    }

    /** The same envelope carrying a message's trace context and the time it is published. */
    public NodeEnvelope traced(String traceparent, long publishedAtMillis) {
        return new NodeEnvelope(userIds, sessionId, frame, traceparent, publishedAtMillis, ackSessionId);
    }
}
