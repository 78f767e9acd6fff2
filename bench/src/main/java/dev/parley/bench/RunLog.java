package dev.parley.bench;

import java.util.List;
import java.util.Map;

/**
 * What the clients of a run saw, and what history holds afterwards: the input of the
 * {@link ConsistencyChecker}. Only facts a contract client can observe are recorded.
 *
 * @param sends    every logical send (one per {@code (senderId, clientMsgId)}, however often it was retried)
 * @param acks     every {@code ack} frame received (a retried send may be acked more than once)
 * @param receipts every message a device got, live ({@code message} frame) or by catch-up ({@code messages?after=})
 * @param history  each conversation's history after the run, as {@code GET …/messages} returned it, in order
 * @param devices  each device (a client that reconnects keeps its device id) and the conversations it follows from seq 1
 * @param abandoned sends their clients gave up after being refused for a while (shown to the user as
 *                 failed); empty unless the run asked for it
 */
public record RunLog(List<Sent> sends, List<Acked> acks, List<Received> receipts,
        Map<String, List<Stored>> history, Map<String, List<String>> devices, List<Sent> abandoned) {

    /** A run whose clients retried every send until it was acked. */
    public RunLog(List<Sent> sends, List<Acked> acks, List<Received> receipts, Map<String, List<Stored>> history,
                  Map<String, List<String>> devices) {
        this(sends, acks, receipts, history, devices, List.of());
    }

    public RunLog {
        abandoned = List.copyOf(abandoned);
        sends = List.copyOf(sends);
        acks = List.copyOf(acks);
        receipts = List.copyOf(receipts);
        history = Map.copyOf(history);
        devices = Map.copyOf(devices);
    }

    /** A send a client made ({@code clientMsgId} unique per sender). */
    public record Sent(String senderId, String clientMsgId, String conversationId) {}

    /** An {@code ack} frame. */
    public record Acked(String senderId, String clientMsgId, String conversationId, long seq, String messageId) {}

    /**
     * A message a device got.
     *
     * @param deviceId  the client (stable across reconnects)
     * @param sessionId the WebSocket session ({@code ready.sessionId}) for live frames; null for catch-up
     * @param live      true for a {@code message} frame, false for a history page
     */
    public record Received(String deviceId, String sessionId, String conversationId, long seq, String messageId,
            boolean live) {}

    /** One message of history. */
    public record Stored(String conversationId, long seq, String messageId, String senderId, String clientMsgId) {}
}
