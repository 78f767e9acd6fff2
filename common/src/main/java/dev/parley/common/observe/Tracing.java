package dev.parley.common.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message's trace across every hop. Each hop starts a span whose parent is the previous hop's
 * {@code traceparent} (W3C Trace Context: a Kafka header between Kafka hops, a field of the Redis
 * node envelope, which has no headers) and passes its own on.
 *
 * <p>The OpenTelemetry SDK always runs, so trace ids exist and reach the logs even with nothing
 * exported. Without an OTLP endpoint no span is sampled and spans cost an id and an object;
 * with one, the first hop samples {@code observe.trace-ratio} of new traces and every later hop
 * follows its decision.
 */
public final class Tracing implements AutoCloseable {
    /** The Kafka header, and the node envelope's field, that carries the W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** The logger of the per-hop lines ({@code observe.log-hops}): {@code trace=<id> hop=<name> ...}. */
    public static final String HOP_LOGGER = "parley.trace";

    private static final Logger HOPS = LoggerFactory.getLogger(HOP_LOGGER);
    private static final TextMapGetter<String> FROM_TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return java.util.List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final boolean logHops;

    private Tracing(SdkTracerProvider provider, boolean logHops) {
        this.provider = provider;
        this.tracer = provider.get("dev.parley");
        this.logHops = logHops;
    }

    /** The service's tracing as configured: OTLP export when an endpoint is set. */
    public static Tracing create(String service, String instance, ObserveConfig config) {
        Optional<SpanExporter> exporter = config.otlpEndpoint()
                .map(uri -> OtlpHttpSpanExporter.builder().setEndpoint(uri.toString()).build());
        SdkTracerProviderBuilder b = builder(service, instance);
        exporter.ifPresentOrElse(
                e -> b.setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.traceRatio())))
                        .addSpanProcessor(BatchSpanProcessor.builder(e).setScheduleDelay(Duration.ofSeconds(1)).build()),
                () -> b.setSampler(Sampler.parentBased(Sampler.alwaysOff())).addSpanProcessor(new IdsOnly()));
        return new Tracing(b.build(), config.logHops());
    }

    /** Every span sampled and handed to {@code exporter} as it ends: for tests. */
    public static Tracing exportingTo(String service, SpanExporter exporter, boolean logHops) {
        return new Tracing(builder(service, "test").setSampler(Sampler.alwaysOn())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build(), logHops);
    }

    /** Ids only, nothing exported or logged: the default of components built without a service. */
    public static Tracing idsOnly() {
        return new Tracing(builder("parley", "local").setSampler(Sampler.parentBased(Sampler.alwaysOff()))
                .addSpanProcessor(new IdsOnly()).build(), false);
    }

    /** A processor that wants nothing: without any, the SDK hands out a no-op tracer and trace ids would be zeros. */
    private static final class IdsOnly implements SpanProcessor {
        @Override
        public void onStart(Context parent, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    private static SdkTracerProviderBuilder builder(String service, String instance) {
        return SdkTracerProvider.builder().setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "parley-" + service,
                AttributeKey.stringKey("service.instance.id"), instance))));
    }

    /**
     * Starts one hop: a span named {@code name} (e.g. {@code edge.send}) under {@code parent}, a
     * {@code traceparent} or null (a new trace). {@code attributes} are key/value pairs, logged with
     * the hop and set on the span. End it with {@link Hop#close()}.
     */
    public Hop start(String name, String parent, String... attributes) {
        SpanBuilder b = tracer.spanBuilder(name).setSpanKind(parent == null ? SpanKind.PRODUCER : SpanKind.CONSUMER);
        SpanContext parentContext = parse(parent);
        if (parentContext.isValid()) {
            b.setParent(Context.root().with(Span.wrap(parentContext)));
        } else {
            b.setNoParent();
        }
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            b.setAttribute("parley." + attributes[i], String.valueOf(attributes[i + 1]));
        }
        Hop hop = new Hop(b.startSpan());
        if (logHops) {
            StringBuilder line = new StringBuilder("trace=").append(hop.traceId()).append(" hop=").append(name);
            for (int i = 0; i + 1 < attributes.length; i += 2) {
                line.append(' ').append(attributes[i]).append('=').append(attributes[i + 1]);
            }
            HOPS.info("{}", line);
        }
        return hop;
    }

    /** The span context a {@code traceparent} names; invalid when it is null or malformed (never throws). */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null || traceparent.length() > 128) {
            return SpanContext.getInvalid();
        }
        Context c = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, FROM_TRACEPARENT);
        return Span.fromContext(c).getSpanContext();
    }

    /** The trace id in a {@code traceparent}, or "-" when there is none: for log lines. */
    public static String traceId(String traceparent) {
        SpanContext c = parse(traceparent);
        return c.isValid() ? c.getTraceId() : "-";
    }

    @Override
    public void close() {
        provider.forceFlush().join(5, TimeUnit.SECONDS);
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }
}
