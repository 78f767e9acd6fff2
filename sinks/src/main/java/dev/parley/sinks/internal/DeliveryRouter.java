package dev.parley.sinks.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Reply;
import dev.parley.common.json.Json;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.NodePublisher;
import dev.parley.sinks.PresenceDirectory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The delivery router's batch handler: a delivery goes to every edge node holding any of its
 * online recipients (one envelope per node), a reply to its origin session.
 *
 * <p>Publishes are issued in record order (so each partition's envelopes reach a node in order);
 * presence lookups of the next records run ahead, up to {@code maxLookupsInFlight} users.
 */
public final class DeliveryRouter implements BatchHandler<List<DeliveryRouter.Route>> {
    /** The topics the delivery router consumes. */
    public static final List<String> TOPICS = List.of(Topics.DELIVERIES.name(), Topics.REPLIES.name());

    /** A decoded record: a fan-out that needs a presence lookup, or an envelope for a known node. */
    public sealed interface Route {
    }

    record Fanout(Delivery delivery) implements Route {
    }

    record Direct(String nodeId, String json) implements Route {
    }

    private record Step(Route route, CompletableFuture<Map<String, Set<String>>> lookup) {
    }

    private final PresenceDirectory presence;
    private final NodePublisher publisher;
    private final int maxLookupsInFlight;

    public DeliveryRouter(PresenceDirectory presence, NodePublisher publisher, int maxLookupsInFlight) {
        this.presence = presence;
        this.publisher = publisher;
        this.maxLookupsInFlight = maxLookupsInFlight;
    }

    @Override
    public List<Route> decode(List<ConsumerRecord<String, byte[]>> records) {
        List<Route> routes = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.topic().equals(Topics.DELIVERIES.name())) {
                Delivery d = Decoding.value(Topics.DELIVERIES, r, v -> v.frame() != null);
                if (d != null && !d.recipients().isEmpty()) {
                    routes.add(new Fanout(d));
                }
            } else if (r.topic().equals(Topics.REPLIES.name())) {
                Reply reply = Decoding.value(Topics.REPLIES, r, v -> v.origin() != null && v.frame() != null);
                if (reply != null) {
                    routes.add(new Direct(reply.origin().nodeId(),
                            Json.write(NodeEnvelope.toSession(reply.origin().sessionId(), reply.frame()))));
                }
            } else {
                Decoding.skip(r, "not a topic of the delivery router");
            }
        }
        return routes;
    }

    /** Blocks while awaiting lookups; a failed lookup throws, and the worker retries the whole batch. */
    @Override
    public CompletionStage<Void> apply(List<Route> routes) {
        List<CompletableFuture<Void>> publishes = new ArrayList<>();
        ArrayDeque<Step> window = new ArrayDeque<>();
        int lookupsInFlight = 0;
        for (Route route : routes) {
            int lookups = route instanceof Fanout f ? f.delivery().recipients().size() : 0;
            while (!window.isEmpty() && lookupsInFlight + lookups > maxLookupsInFlight) {
                lookupsInFlight -= publish(window.poll(), publishes);
            }
            window.add(new Step(route, route instanceof Fanout f
                    ? presence.nodesOf(f.delivery().recipients()).toCompletableFuture() : null));
            lookupsInFlight += lookups;
        }
        while (!window.isEmpty()) {
            publish(window.poll(), publishes);
        }
        return CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new));
    }

    /** @return how many user lookups the step had in flight */
    private int publish(Step step, List<CompletableFuture<Void>> publishes) {
        return switch (step.route()) {
            case Direct d -> {
                publishes.add(publisher.publish(d.nodeId(), d.json()).toCompletableFuture());
                yield 0;
            }
            case Fanout f -> {
                Delivery delivery = f.delivery();
                byNode(delivery.recipients(), step.lookup().join()).forEach((node, users) -> publishes.add(
                        publisher.publish(node, Json.write(NodeEnvelope.toUsers(users, delivery.frame())))
                                .toCompletableFuture()));
                yield delivery.recipients().size();
            }
        };
    }

    /** Recipients grouped by the nodes they are online on (a user on two nodes is in both groups). */
    static Map<String, List<String>> byNode(List<String> recipients, Map<String, Set<String>> nodesOf) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String user : new LinkedHashSet<>(recipients)) {
            for (String node : nodesOf.getOrDefault(user, Set.of())) {
                groups.computeIfAbsent(node, k -> new ArrayList<>()).add(user);
            }
        }
        return groups;
    }
}
