package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Sending as a well-behaved contract client does: a send refused with {@code rate_limited}, or
 * with {@code unavailable} and a {@code retryAfterMs} (an edge shedding load), is sent again after
 * its {@code retryAfterMs}; one refused with {@code not_member} right after the
 * conversation was created is sent again (the contract lets a membership take up to 2 seconds to
 * reach the pipeline). Both retries reuse the {@code clientMsgId}, which is safe because sends
 * are idempotent. Any other answer is a failure.
 */
public final class Sending {
    /** How long a new membership may take to reach the pipeline: the contract's 2 s plus 3 s for a cold start. */
    public static final Duration MEMBERSHIP_GRACE = Duration.ofSeconds(5);
    /** How long one ack may take before the send counts as failed (generous: a shared 2-core machine). */
    public static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

    private Sending() {
    }

    /** Sends one message and returns its {@code ack}. */
    public static JsonNode sendUntilAcked(WsConnection ws, String clientMsgId, String conversationId, String body) {
        long membershipDeadline = System.nanoTime() + MEMBERSHIP_GRACE.toNanos();
        while (true) {
            int mark = ws.count();
            ws.send(clientMsgId, conversationId, body);
            JsonNode reply = ws.awaitFrom(mark, f -> clientMsgId.equals(f.path("clientMsgId").asText())
                    && ("ack".equals(f.path("type").asText()) || "error".equals(f.path("type").asText())),
                    ACK_TIMEOUT);
            if ("ack".equals(reply.path("type").asText())) {
                return reply;
            }
            String code = reply.path("code").asText();
            if ("rate_limited".equals(code) || "unavailable".equals(code) && reply.has("retryAfterMs")) {
                // The client contract: wait retryAfterMs, then send again (unavailable with a
                // retryAfterMs is the edge shedding load, PROTOCOL.md "Overload").
                pause(Math.max(1, reply.path("retryAfterMs").asLong(100)));
            } else if ("not_member".equals(code) && System.nanoTime() < membershipDeadline) {
                pause(200);
            } else {
                throw new AssertionError("send " + clientMsgId + " refused: " + reply);
            }
        }
    }

    /** Sends {@code count} messages {@code prefix-1 … prefix-count} one after another; returns their acks in order. */
    public static List<JsonNode> sendMany(WsConnection ws, String conversationId, String prefix, int count) {
        List<JsonNode> acks = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            acks.add(sendUntilAcked(ws, prefix + "-" + i, conversationId, prefix + " message " + i));
        }
        return acks;
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
