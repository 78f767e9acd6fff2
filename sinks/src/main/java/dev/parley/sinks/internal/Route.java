package dev.parley.sinks.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.redis.NodeEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of the node router and its envelopes. A reply's envelope is known at once; a
 * delivery's once the presence lookup is done ({@link #plan}), and it is not looked up again on a
 * retry. Each envelope remembers whether it went out, so a retry sends only the others.
 */
public final class Route {
    /** One publish on one node's channel. */
    static final class Envelope {
        private final String nodeId;
        private final NodeEnvelope envelope;
        private volatile boolean sent;

        Envelope(String nodeId, NodeEnvelope envelope) {
            this.nodeId = nodeId;
            this.envelope = envelope;
        }

        String nodeId() {
            return nodeId;
        }

        NodeEnvelope envelope() {
            return envelope;
        }

        void sent() {
            sent = true;
        }
    }

    private final ConsumerRecord<byte[], byte[]> record;
    private final Delivery delivery;
    private final ServerFrame frame;
    private volatile List<Envelope> envelopes;

    private Route(ConsumerRecord<byte[], byte[]> record, Delivery delivery, ServerFrame frame, List<Envelope> envelopes) {
        this.record = record;
        this.delivery = delivery;
        this.frame = frame;
        this.envelopes = envelopes;
    }

    static Route fanout(ConsumerRecord<byte[], byte[]> record, Delivery delivery) {
        return new Route(record, delivery, delivery.frame(), null);
    }

    static Route reply(ConsumerRecord<byte[], byte[]> record, Reply reply) {
        NodeEnvelope envelope = NodeEnvelope.toSession(reply.origin().sessionId(), reply.frame());
        return new Route(record, null, reply.frame(), List.of(new Envelope(reply.origin().nodeId(), envelope)));
    }

    /** {@code delivery} or {@code reply}: the {@code kind} tag of the routed meter. */
    String kind() {
        return delivery != null ? "delivery" : "reply";
    }

    /** The trace attributes of its hop: which message it is about, as far as the frame says (never a body). */
    String[] attributes() {
        List<String> kv = new ArrayList<>(6);
        switch (frame) {
            case MessageFrame m -> add(kv, m.conversationId(), m.seq(), m.clientMsgId());
            case AckFrame a -> add(kv, a.conversationId(), a.seq(), a.clientMsgId());
            case ErrorFrame e -> add(kv, null, -1, e.clientMsgId());
            default -> add(kv, delivery == null ? null : delivery.conversationId(), -1, null);
        }
        return kv.toArray(String[]::new);
    }

    private static void add(List<String> kv, String conversation, long seq, String clientMsgId) {
        if (conversation != null) {
            kv.addAll(List.of("conversation", conversation));
        }
        if (seq >= 0) {
            kv.addAll(List.of("seq", String.valueOf(seq)));
        }
        if (clientMsgId != null) {
            kv.addAll(List.of("clientMsgId", clientMsgId));
        }
    }

    ConsumerRecord<byte[], byte[]> record() {
        return record;
    }

    Delivery delivery() {
        return delivery;
    }

    boolean needsLookup() {
        return envelopes == null;
    }

    /**
     * Fixes the envelopes of a delivery: one per node that holds any of its recipients. The ack it
     * carries rides on the envelope to the sending session's node; when presence knows none of the
     * recipients there (the session's presence not yet written, or already gone), it goes alone, as a
     * reply would have.
     */
    void plan(Map<String, List<String>> usersByNode) {
        Origin ackTo = delivery.ackTo();
        List<Envelope> planned = new ArrayList<>(usersByNode.size() + 1);
        usersByNode.forEach((node, users) -> planned.add(new Envelope(node, NodeEnvelope.toUsers(users,
                delivery.frame(), ackTo != null && ackTo.nodeId().equals(node) ? ackTo.sessionId() : null))));
        if (ackTo != null && !usersByNode.containsKey(ackTo.nodeId())) {
            planned.add(new Envelope(ackTo.nodeId(), NodeEnvelope.toSession(ackTo.sessionId(), delivery.ack())));
        }
        envelopes = List.copyOf(planned);
    }

    List<Envelope> unsent() {
        return envelopes.stream().filter(e -> !e.sent).toList();
    }

    boolean done() {
        return envelopes != null && envelopes.stream().allMatch(e -> e.sent);
    }
}
