package dev.parley.bench;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.event.Command;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Message;
import dev.parley.common.event.Origin;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ./parley bench serde}: what the JSON of one message costs, in process, no servers. Each
 * encoding and decoding one 1:1 message goes through on its way (client frame, command, message,
 * delivery with the ack riding on it, the Redis envelope, the two frames pushed) is run on this
 * thread until the
 * JIT has settled, then timed; the sum is the JSON share of a message's CPU across the services
 * (issue 11: the profiles at 800 msgs/s put Jackson and {@code java.time} at a fifth of each
 * service's samples). Single-threaded and on a quiet machine it is repeatable where the pairs
 * profile is not, so a change to the serde is measured here first.
 */
final class SerdeBench {
    static final int WARM_UP = 300_000;
    static final int ROUNDS = 7;
    static final int PER_ROUND = 200_000;
    private static volatile Object sink;

    private record Op(String hop, String name, Supplier<Object> run) {
    }

    static ObjectNode run() {
        return run(WARM_UP, ROUNDS, PER_ROUND);
    }

    static ObjectNode run(int warmUp, int rounds, int perRound) {
        Instant sentAt = Instant.parse("2026-12-07T07:20:36.123Z");
        String body = "m-000123 lorem ipsum dolor sit amet, consectetur adipiscing e"; // 60 characters
        Origin origin = new Origin("edge-7f3c2a", "s-5b1e9d0c-4c1a-4f7e-9a61-0d3c8e2b7a44");
        String conversation = "c-0d7a4c3e-1f2b-4a5c-8d9e-0f1a2b3c4d5e";
        String sender = "u-3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
        String recipient = "u-7e6d5c4b-3a2f-4e1d-9c0b-a9f8e7d6c5b4";
        String clientMsgId = "k-6f1c2d3e-4b5a-4c6d-8e7f-1a2b3c4d5e6f";
        String messageId = "0196f0a2-7c1d-7e3a-9b4c-5d6e7f8a9b0c";
        String sendFrame = "{\"type\":\"send\",\"conversationId\":\"" + conversation + "\",\"clientMsgId\":\""
                + clientMsgId + "\",\"body\":\"" + body + "\"}";
        SendCommand command = new SendCommand(sender, conversation, clientMsgId, messageId, body, origin, sentAt);
        Message message = new Message(conversation, 4711, messageId, sender, clientMsgId, body, sentAt);
        MessageFrame messageFrame = MessageFrame.of(message);
        AckFrame ack = new AckFrame(clientMsgId, conversation, 4711, messageId, sentAt);
        // The ack rides on the delivery (issue 11): both users on one edge, as in the pairs profile.
        Delivery delivery = new Delivery(conversation, List.of(sender, recipient), messageFrame, origin);
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        NodeEnvelope toUsers = NodeEnvelope.toUsers(List.of(sender, recipient), messageFrame, origin.sessionId())
                .traced(traceparent, 1_765_091_236_123L);
        byte[] commandBytes = Json.writeBytes(command);
        byte[] messageBytes = Json.writeBytes(message);
        byte[] deliveryBytes = Json.writeBytes(delivery);
        String toUsersText = Json.write(toUsers);
        ObjectWriter frames = Json.mapper().writerFor(ServerFrame.class);

        List<Op> ops = List.of(
                new Op("edge", "read the client's send frame (tree)", () -> Json.readTree(sendFrame)),
                new Op("edge", "write the command", () -> Json.writeBytes(command)),
                new Op("topology", "read the command", () -> Json.read(commandBytes, Command.class)),
                new Op("topology", "write the message", () -> Json.writeBytes(message)),
                new Op("topology", "write the delivery", () -> Json.writeBytes(delivery)),
                new Op("sinks", "read the message (history)", () -> Json.read(messageBytes, Message.class)),
                new Op("sinks", "read the delivery", () -> Json.read(deliveryBytes, Delivery.class)),
                new Op("sinks", "write the envelope to users", () -> Json.write(toUsers)),
                new Op("edge", "read the envelope to users", () -> Json.read(toUsersText, NodeEnvelope.class)),
                new Op("edge", "write the message frame", () -> write(frames, messageFrame)),
                new Op("edge", "write the ack frame", () -> write(frames, ack)));

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++) {
            for (Op op : ops) {
                sink = op.run().get();
            }
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("profile", "serde");
        out.put("java", Runtime.version().toString());
        out.put("warm_up_rounds", warmUp).put("rounds", rounds).put("per_round", perRound);
        var rows = out.putArray("ops");
        double nanos = 0;
        double bytes = 0;
        Map<String, double[]> byHop = new LinkedHashMap<>();
        for (Op op : ops) {
            double[] times = new double[rounds];
            long allocated = 0;
            for (int r = 0; r < rounds; r++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    sink = op.run().get();
                }
                times[r] = (System.nanoTime() - t0) / (double) perRound;
                allocated += threads.getCurrentThreadAllocatedBytes() - a0;
            }
            Arrays.sort(times);
            double median = times[rounds / 2];
            double perOp = allocated / (double) (rounds * (long) perRound);
            nanos += median;
            bytes += perOp;
            byHop.computeIfAbsent(op.hop(), h -> new double[2])[0] += median;
            byHop.get(op.hop())[1] += perOp;
            rows.addObject().put("hop", op.hop()).put("op", op.name())
                    .put("ns", round(median)).put("ns_min", round(times[0])).put("ns_max", round(times[rounds - 1]))
                    .put("bytes_allocated", Math.round(perOp));
        }
        var hops = out.putObject("per_hop");
        byHop.forEach((hop, v) -> hops.putObject(hop).put("ns", round(v[0])).put("bytes_allocated", Math.round(v[1])));
        out.put("per_message_ns", round(nanos));
        out.put("per_message_bytes_allocated", Math.round(bytes));
        return out;
    }

    private static Object write(ObjectWriter writer, ServerFrame frame) {
        try {
            return writer.writeValueAsString(frame);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static String markdown(ObjectNode r) {
        List<String> lines = new ArrayList<>();
        lines.add("# Serde bench: the JSON of one 1:1 message");
        lines.add("");
        lines.add("Every encoding and decoding a message goes through between the services, timed in one process "
                + "(single thread, after " + r.path("warm_up_rounds").asInt() + " warm-up rounds; median of "
                + r.path("rounds").asInt() + " rounds of " + r.path("per_round").asInt() + "). Java "
                + r.path("java").asText() + ".");
        lines.add("");
        lines.add("| hop | operation | ns (median; min–max of the rounds) | bytes allocated |");
        lines.add("|---|---|---|---|");
        r.path("ops").forEach(o -> lines.add("| " + o.path("hop").asText() + " | " + o.path("op").asText() + " | "
                + o.path("ns").asDouble() + " (" + o.path("ns_min").asDouble() + "–" + o.path("ns_max").asDouble()
                + ") | " + o.path("bytes_allocated").asLong() + " |"));
        r.path("per_hop").properties().forEach(e -> lines.add("| **" + e.getKey() + "** | all of its operations | **"
                + e.getValue().path("ns").asDouble() + "** | **" + e.getValue().path("bytes_allocated").asLong() + "** |"));
        lines.add("| **all** | per message | **" + r.path("per_message_ns").asDouble() + "** | **"
                + r.path("per_message_bytes_allocated").asLong() + "** |");
        lines.add("");
        return String.join("\n", lines);
    }
}
