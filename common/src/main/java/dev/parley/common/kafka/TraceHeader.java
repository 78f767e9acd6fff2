package dev.parley.common.kafka;

import dev.parley.common.observe.Tracing;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The {@code traceparent} Kafka header: set by the edge on every command, carried by Kafka
 * Streams through repartition topics to the log, deliveries and replies, and read by the sinks.
 */
public final class TraceHeader {
    private TraceHeader() {
    }

    /** The header's value, or null when absent or not text a traceparent could be (at most 128 bytes). */
    public static String get(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(Tracing.TRACEPARENT);
        if (h == null || h.value() == null || h.value().length > 128) {
            return null;
        }
        return new String(h.value(), StandardCharsets.US_ASCII);
    }

    /** Replaces the header (one per record), so the next hop's parent is this hop. */
    public static void set(Headers headers, String traceparent) {
        headers.remove(Tracing.TRACEPARENT);
        if (traceparent != null) {
            headers.add(Tracing.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
