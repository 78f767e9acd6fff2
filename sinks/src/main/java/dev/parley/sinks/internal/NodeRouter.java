package dev.parley.sinks.internal;

import dev.parley.common.event.Delivery;
import dev.parley.common.event.Reply;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Hop;
import dev.parley.common.observe.Meters;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.NodePublisher;
import dev.parley.common.redis.PresenceDirectory;
import dev.parley.common.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
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
 * The router's batch handler: it carries frames to the edge nodes over their node channels. A
 * delivery goes to every edge node holding any of its online recipients (one envelope per node),
 * a reply (an ack or error) to its origin session.
 *
 * <p>Publishes are issued in record order (so each partition's envelopes reach a node in order);
 * presence lookups of the next records run ahead, up to {@code maxLookupsInFlight} users. Each
 * {@link Route} remembers which of its envelopes went out, so a retried batch publishes only what
 * failed: an edge never gets the same {@code ack}, {@code read} or {@code typing} twice because
 * another publish of the batch failed.
 *
 * <p>An envelope Redis handed to no subscriber (the node's subscription is not back yet after a
 * Redis restart, or the node is gone) counts as sent here and is tried again off the batch by
 * {@link UnheardRetries}.
 *
 * <p>Each attempt to route a record is a {@code sinks.route} hop of its message's trace (lookup and
 * publishes); Redis pub/sub has no headers, so every envelope carries the hop's {@code traceparent}
 * and the time it was published, from which the edge measures the channel's lag.
 */
public final class NodeRouter implements BatchHandler<List<Route>> {
    /** The topics the router consumes. */
    public static final List<String> TOPICS = List.of(Topics.DELIVERIES.name(), Topics.REPLIES.name());

    private record Step(Route route, CompletableFuture<Map<String, Set<String>>> lookup) {
    }

    /** The trace hop of one delivery or reply routed. */
    public static final String HOP = "sinks.route";

    private final PresenceDirectory presence;
    private final NodePublisher publisher;
    private final UnheardRetries unheard;
    private final int maxLookupsInFlight;
    private final Tracing tracing;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer publishLatency;
    private final Map<String, Counter> routed;

    /** @param timer schedules another attempt at an envelope nobody heard ({@link UnheardRetries}) */
    public NodeRouter(PresenceDirectory presence, NodePublisher publisher, dev.parley.common.service.Timer timer,
                      int maxLookupsInFlight, MeterRegistry meters, Tracing tracing, Clock clock) {
        this.presence = presence;
        this.publisher = publisher;
        this.unheard = new UnheardRetries(publisher, timer, meters);
        this.maxLookupsInFlight = maxLookupsInFlight;
        this.tracing = tracing;
        this.clock = clock;
        this.meters = meters;
        this.publishLatency = Meters.latency("parley.sinks.redis.publish",
                "One publish of an envelope on an edge node's channel (SPUBLISH round trip)").register(meters);
        this.routed = Map.of("delivery", routed(meters, "delivery"), "reply", routed(meters, "reply"));
    }

    private static Counter routed(MeterRegistry meters, String kind) {
        return Counter.builder("parley.sinks.routed")
                .description("Envelopes published to edge nodes, by the kind of record they carry")
                .tag("kind", kind).register(meters);
    }

    @Override
    public Decoded<List<Route>> decode(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Route> routes = new ArrayList<>(records.size());
        List<Rejected> rejected = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.topic().equals(Topics.DELIVERIES.name())) {
                Delivery d = Decoding.value(Topics.DELIVERIES, r, v -> ServerFrame.complete(v.frame())
                        && v.recipients() != null && v.recipients().stream().allMatch(Decoding::present)
                        && (v.ackTo() == null || v.ack() != null && Decoding.present(v.ackTo().nodeId())
                            && Decoding.present(v.ackTo().sessionId())), rejected);
                if (d != null && (!d.recipients().isEmpty() || d.ackTo() != null)) {
                    routes.add(Route.fanout(r, d));
                }
            } else if (r.topic().equals(Topics.REPLIES.name())) {
                Reply reply = Decoding.value(Topics.REPLIES, r, v -> v.origin() != null
                        && ServerFrame.complete(v.frame()) && Decoding.present(v.origin().nodeId()), rejected);
                if (reply != null) {
                    routes.add(Route.reply(r, reply));
                }
            } else {
                Decoding.unknownTopic(r, rejected);
            }
        }
        return new Decoded<>(routes, rejected);
    }

    /**
     * Blocks while awaiting lookups; a failed lookup throws once the publishes already issued have
     * settled (so their outcome is known to the retry).
     */
    @Override
    public CompletionStage<Void> apply(List<Route> routes) {
        List<CompletableFuture<Void>> publishes = new ArrayList<>();
        try {
            ArrayDeque<Step> window = new ArrayDeque<>();
            int lookupsInFlight = 0;
            for (Route route : routes) {
                if (route.done()) {
                    continue;
                }
                int lookups = route.needsLookup() ? route.delivery().recipients().size() : 0;
                while (!window.isEmpty() && lookupsInFlight + lookups > maxLookupsInFlight) {
                    lookupsInFlight -= publish(window.poll(), publishes);
                }
                window.add(new Step(route, route.needsLookup()
                        ? presence.nodesOf(route.delivery().recipients()).toCompletableFuture() : null));
                lookupsInFlight += lookups;
            }
            while (!window.isEmpty()) {
                publish(window.poll(), publishes);
            }
        } catch (RuntimeException e) {
            settle(publishes);
            throw e;
        }
        return CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<Part<List<Route>>> parts(List<Route> routes) {
        return routes.stream().map(r -> new Part<>(r.record(), List.of(r))).toList();
    }

    /** @return how many user lookups the step had in flight */
    private int publish(Step step, List<CompletableFuture<Void>> publishes) {
        Route route = step.route();
        Hop hop = tracing.start(HOP, TraceHeader.get(route.record().headers()), route.attributes());
        List<CompletableFuture<Void>> mine = new ArrayList<>();
        try {
            if (step.lookup() != null) {
                route.plan(byNode(route.delivery().recipients(), step.lookup().join()));
            }
            long publishedAt = clock.millis();
            for (Route.Envelope envelope : route.unsent()) {
                mine.add(publish(envelope, envelope.envelope().traced(hop.traceparent(), publishedAt), route.kind()));
            }
        } catch (RuntimeException e) {
            hop.end(e);
            publishes.addAll(mine);
            throw e;
        }
        publishes.addAll(mine);
        CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)).whenComplete((ok, e) -> hop.end(e));
        return step.lookup() == null ? 0 : route.delivery().recipients().size();
    }

    private CompletableFuture<Void> publish(Route.Envelope envelope, NodeEnvelope traced, String kind) {
        Timer.Sample sample = Timer.start(meters);
        return publisher.publish(envelope.nodeId(), traced).toCompletableFuture()
                .whenComplete((heard, e) -> sample.stop(publishLatency)).thenAccept(heard -> {
            envelope.sent();
            routed.get(kind).increment();
            if (heard) {
                unheard.heard(envelope.nodeId());
            } else {
                unheard.unheard(envelope.nodeId(), traced);
            }
        });
    }

    private static void settle(List<CompletableFuture<Void>> publishes) {
        try {
            CompletableFuture.allOf(publishes.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException ignored) {
            // Their failures are remembered per envelope; the caller reports the first failure.
        }
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
