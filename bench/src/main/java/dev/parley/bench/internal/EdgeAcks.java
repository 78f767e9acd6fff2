package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.json.Json;
import dev.parley.testkit.observe.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The edge's own timing of the sends it admitted: {@code parley_edge_send_ack_seconds}, from a send
 * frame's admission to its ack written to the sender's socket, read from the edge's {@code /metrics}
 * before and after a step. The clients time the same acks from their side, on the same two cores:
 * when the machine is saturated (an overload step), what they measure includes their own lag in
 * reading frames, and this says how much of the wait was the system's. The histogram's buckets are
 * the service-level ones of {@code Meters.SLO_SECONDS}, so it gives fractions within them, not
 * percentiles.
 */
public final class EdgeAcks {
    /** The limits reported, ms: buckets of the timer. */
    static final long[] WITHIN_MS = {100, 250, 500, 1000, 2500};
    private static final String BUCKET = "parley_edge_send_ack_seconds_bucket";

    /** Cumulative counts by upper bound in seconds (+Inf as {@link Double#POSITIVE_INFINITY}), summed over the edge's series. */
    public record Snapshot(Map<Double, Long> cumulative) {
        long count() {
            return cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        }

        long within(double seconds) {
            return cumulative.getOrDefault(seconds, 0L);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    /** @param observe the edge's health and metrics server */
    public EdgeAcks(URI observe) {
        this.metrics = observe.resolve("/metrics");
    }

    /** The histogram now; empty when the edge does not answer (a step's figure is then left out, the run goes on). */
    public Snapshot snapshot() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : new Snapshot(Map.of());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Snapshot(Map.of());
        }
    }

    /** The histogram in a {@code /metrics} text; empty when the text is not Prometheus' format. */
    static Snapshot parse(String text) {
        PrometheusText scrape;
        try {
            scrape = PrometheusText.parse(text);
        } catch (IllegalArgumentException e) {
            return new Snapshot(Map.of());
        }
        Map<Double, Long> cumulative = new TreeMap<>();
        for (PrometheusText.Sample b : scrape.samples()) {
            String le = b.labels().get("le");
            if (b.name().equals(BUCKET) && le != null) {
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                cumulative.merge(bound, (long) b.value(), Long::sum);
            }
        }
        return new Snapshot(cumulative);
    }

    /**
     * The acks written between the two snapshots and the fraction of them within each of
     * {@link #WITHIN_MS}; null when either snapshot is empty.
     */
    public static ObjectNode summarise(Snapshot before, Snapshot after) {
        if (before.cumulative().isEmpty() || after.cumulative().isEmpty()) {
            return null;
        }
        long acks = after.count() - before.count();
        ObjectNode o = Json.mapper().createObjectNode().put("acks", acks);
        ObjectNode within = o.putObject("within_ms");
        for (long ms : WITHIN_MS) {
            long n = after.within(ms / 1000.0) - before.within(ms / 1000.0);
            within.put(Long.toString(ms), acks > 0 ? (double) n / acks : 0);
        }
        return o;
    }
}
