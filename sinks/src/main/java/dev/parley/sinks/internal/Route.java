package dev.parley.sinks.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Reply;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record of the delivery router and its envelopes. A reply's envelope is known at once; a
 * delivery's once the presence lookup is done ({@link #plan}), and it is not looked up again on a
 * retry. Each envelope remembers whether it went out, so a retry sends only the others.
 */
public final class Route {
    /** One publish on one node's channel. */
    static final class Envelope {
        private final String nodeId;
        private final String json;
        private volatile boolean sent;

        Envelope(String nodeId, String json) {
            this.nodeId = nodeId;
            this.json = json;
        }

        String nodeId() {
            return nodeId;
        }

        String json() {
            return json;
        }

        void sent() {
            sent = true;
        }
    }

    private final ConsumerRecord<byte[], byte[]> record;
    private final Delivery delivery;
    private volatile List<Envelope> envelopes;

    private Route(ConsumerRecord<byte[], byte[]> record, Delivery delivery, List<Envelope> envelopes) {
        this.record = record;
        this.delivery = delivery;
        this.envelopes = envelopes;
    }

    static Route fanout(ConsumerRecord<byte[], byte[]> record, Delivery delivery) {
        return new Route(record, delivery, null);
    }

    /** @throws IllegalArgumentException when the envelope cannot be written */
    static Route reply(ConsumerRecord<byte[], byte[]> record, Reply reply) {
        String json = Json.write(NodeEnvelope.toSession(reply.origin().sessionId(), reply.frame()));
        return new Route(record, null, List.of(new Envelope(reply.origin().nodeId(), json)));
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

    /** Fixes the envelopes of a delivery: one per node that holds any of its recipients. */
    void plan(Map<String, List<String>> usersByNode) {
        List<Envelope> planned = new ArrayList<>(usersByNode.size());
        usersByNode.forEach((node, users) ->
                planned.add(new Envelope(node, Json.write(NodeEnvelope.toUsers(users, delivery.frame())))));
        envelopes = List.copyOf(planned);
    }

    List<Envelope> unsent() {
        return envelopes.stream().filter(e -> !e.sent).toList();
    }

    boolean done() {
        return envelopes != null && envelopes.stream().allMatch(e -> e.sent);
    }
}
