package dev.parley.edge.internal;

import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.PongFrame;
import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.frame.ReadFrame;
import dev.parley.common.frame.ReadyFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.observe.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The edge's meters (names and tags in docs/observability.md). Every tag value comes from a closed
 * set (frame types, error codes, close reasons), so each meter is registered once, here, and the
 * hot paths only increment: no registry lookup per frame.
 */
public final class EdgeMeters {
    /** The client frame types of the contract, and {@code invalid} for a frame that did not parse. */
    static final List<String> CLIENT_FRAME_TYPES = List.of("send", "read", "typing", "ping", "invalid");
    static final List<String> SERVER_FRAME_TYPES = List.of("ready", "ack", "message", "read", "typing", "presence",
            "error", "pong");

    private final MeterRegistry registry;
    private final Map<String, Counter> framesIn;
    private final Map<String, Runnable> framesOut;
    private final Map<ErrorCode, Counter> refused;
    private final Map<CloseReason, Counter> closes;
    private final Map<Admission.TokenFailure, Counter> tokenFailures;
    private final Timer sendAck;
    private final Timer channelLag;
    private final Timer delivery;
    private final Counter shed;
    private final Counter rateLimited;

    public EdgeMeters(MeterRegistry registry) {
        this.registry = registry;
        framesIn = byTag(CLIENT_FRAME_TYPES, t -> Counter.builder("parley.edge.frames.in")
                .description("client frames received on WebSockets, by contract type (invalid: did not parse)")
                .tag("type", t).register(registry));
        framesOut = byTag(SERVER_FRAME_TYPES, t -> Counter.builder("parley.edge.frames.out")
                .description("server frames written to WebSockets, by contract type")
                .tag("type", t).register(registry)::increment);
        refused = enumMap(ErrorCode.class, c -> Counter.builder("parley.edge.frames.refused")
                .description("error frames sent to clients (client frames refused), by contract error code")
                .tag("code", c.wire()).register(registry));
        closes = enumMap(CloseReason.class, r -> Counter.builder("parley.edge.closes")
                .description("WebSocket sessions ended, by reason")
                .tag("reason", r.tag()).register(registry));
        tokenFailures = enumMap(Admission.TokenFailure.class, f -> Counter.builder("parley.edge.token.failures")
                .description("access tokens refused (REST calls and WebSocket upgrades), by reason")
                .tag("reason", f.tag()).register(registry));
        sendAck = latency("parley.edge.send.ack", "from a send frame's admission to its ack written to the sender's socket");
        channelLag = latency("parley.edge.channel.lag", "from the router publishing an envelope to the edge handing it to its sessions");
        delivery = latency("parley.edge.delivery",
                "from a message's sentAt (given when the topology sequenced it) to its frame written to a member's socket");
        shed = Counter.builder("parley.edge.sends.shed")
                .description("sends refused by overload shedding before they reached Kafka (answered unavailable)")
                .register(registry);
        rateLimited = Counter.builder("parley.edge.sends.rate_limited")
                .description("sends refused by the sender's rate limit before they reached Kafka (answered rate_limited)")
                .register(registry);
    }

    /** Meters that go nowhere: for tests of parts that do not look at them. */
    public static EdgeMeters none() {
        return new EdgeMeters(new SimpleMeterRegistry());
    }

    /** The {@code parley.edge.sockets.open} gauge, read from {@code open}. */
    void sockets(Supplier<Number> open) {
        Gauge.builder("parley.edge.sockets.open", open).description("WebSocket sessions open on this node")
                .strongReference(true).register(registry);
    }

    void frameIn(String type) {
        framesIn.get(type).increment();
    }

    /** What to run once {@code frame} has been written to a socket. */
    Runnable frameOut(ServerFrame frame) {
        return framesOut.get(type(frame));
    }

    /**
     * {@link #frameOut} of a {@code message} frame, and its delivery latency: how long after the
     * topology sequenced it the member's socket got it (a catch-up counts its whole delay).
     */
    Runnable messageOut(java.time.Instant sentAt, java.time.Clock clock) {
        Runnable written = framesOut.get("message");
        if (sentAt == null) {
            return written;
        }
        return () -> {
            written.run();
            Duration d = Duration.between(sentAt, clock.instant());
            delivery.record(d.isNegative() ? Duration.ZERO : d);
        };
    }

    void refused(ErrorCode code) {
        refused.get(code).increment();
    }

    void closed(CloseReason reason) {
        closes.get(reason).increment();
    }

    void tokenFailure(Admission.TokenFailure failure) {
        tokenFailures.get(failure).increment();
    }

    void ackWritten(Duration sinceAdmission) {
        sendAck.record(sinceAdmission.isNegative() ? Duration.ZERO : sinceAdmission);
    }

    /** A clock behind the router's reads as no lag rather than no sample: the count is one per envelope. */
    void channelLag(long millis) {
        channelLag.record(Duration.ofMillis(Math.max(0, millis)));
    }

    void shed() {
        shed.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    static String type(ServerFrame frame) {
        return switch (frame) {
            case ReadyFrame f -> "ready";
            case AckFrame f -> "ack";
            case MessageFrame f -> "message";
            case ReadFrame f -> "read";
            case TypingFrame f -> "typing";
            case PresenceFrame f -> "presence";
            case ErrorFrame f -> "error";
            case PongFrame f -> "pong";
        };
    }

    private Timer latency(String name, String description) {
        return Meters.latency(name, description).register(registry);
    }

    private static <T> Map<String, T> byTag(List<String> tags, Function<String, T> meter) {
        return tags.stream().collect(Collectors.toUnmodifiableMap(t -> t, meter));
    }

    private static <E extends Enum<E>> Map<E, Counter> enumMap(Class<E> type, Function<E, Counter> meter) {
        Map<E, Counter> out = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            out.put(e, meter.apply(e));
        }
        return out;
    }
}
