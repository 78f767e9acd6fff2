package dev.parley.common.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;

/** One hop of a message's trace (see {@link Tracing#start}); closing it ends its span. */
public final class Hop implements AutoCloseable {
    private final Span span;
    private String traceparent; // one per hop, however many records it is put on

    Hop(Span span) {
        this.span = span;
    }

    /** 32 hex digits, the same on every hop of the message. */
    public String traceId() {
        return span.getSpanContext().getTraceId();
    }

    /** What the next hop takes as its parent: the Kafka header or envelope field value. */
    public String traceparent() {
        if (traceparent == null) {
            SpanContext c = span.getSpanContext();
            traceparent = "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
        }
        return traceparent;
    }

    /** Adds {@code parley.<key>} to the span, for what is known only after it began (a message's seq). */
    public void attribute(String key, String value) {
        span.setAttribute("parley." + key, value);
    }

    /** Marks the hop failed, e.g. refused or dead-lettered, with a short reason. */
    public void failed(String reason) {
        span.setStatus(StatusCode.ERROR, reason);
    }

    /** Ends the hop when what it waited for completed: failed with {@code failure}'s message when not null. */
    public void end(Throwable failure) {
        if (failure != null) {
            failed(dev.parley.common.text.Exceptions.oneLine(failure));
        }
        close();
    }

    @Override
    public void close() {
        span.end();
    }
}
