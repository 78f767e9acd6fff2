package dev.parley.common.observe;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The meter registry of one service process: Micrometer, scraped in Prometheus format at
 * {@code /metrics}. Every meter carries {@code service} and {@code node} tags (not {@code instance}:
 * Prometheus sets that label itself, to the scrape target), so one
 * dashboard query covers every instance of a tier; the JVM, GC and CPU meters come with it.
 */
public final class Meters {
    /** Latency histograms: the buckets Prometheus needs for p50/p99, from 1 ms to 30 s. */
    public static final double[] SLO_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private Meters() {
    }

    /** A latency timer named {@code name} with the {@link #SLO_SECONDS} buckets; tag and register it. */
    public static io.micrometer.core.instrument.Timer.Builder latency(String name, String description) {
        return io.micrometer.core.instrument.Timer.builder(name).description(description)
                .serviceLevelObjectives(java.util.Arrays.stream(SLO_SECONDS)
                        .mapToObj(s -> java.time.Duration.ofNanos(Math.round(s * 1e9)))
                        .toArray(java.time.Duration[]::new));
    }

    /** A registry with the common tags and the JVM meters bound; closing it is the caller's. */
    public static PrometheusMeterRegistry create(String service, String instance) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new io.prometheus.metrics.model.registry.PrometheusRegistry(), Clock.SYSTEM);
        registry.config().commonTags("service", service, "node", instance);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }
}
