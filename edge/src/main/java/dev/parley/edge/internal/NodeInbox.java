package dev.parley.edge.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.common.frame.AckFrame;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.json.Json;
import dev.parley.common.observe.Hop;
import dev.parley.common.observe.Tracing;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.redis.RedisKeys;
import dev.parley.common.text.Exceptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that arrives on this node's channel goes through here: decode, check, serialise the
 * frame once, hand it to the sessions. A message that can never be delivered (not JSON, not an
 * envelope, malformed Unicode, no addressee or no frame) is dead-lettered with its original bytes
 * and the reason, and the next message is handled at once: one poison message must not cost the
 * deliveries behind it, and must not vanish into a log line either.
 *
 * <p>An envelope of a message (one carrying a {@code traceparent}) is the last hop of its trace,
 * {@code edge.deliver}; one with {@code publishedAt} is timed for {@code parley.edge.channel.lag}.
 * Presence envelopes carry neither.
 */
public final class NodeInbox {
    private static final Logger LOG = LoggerFactory.getLogger(NodeInbox.class);
    static final String STAGE = "edge-node-channel";

    private final String channel;
    private final SessionOutbound sessions;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final EdgeMeters meters;
    private final Tracing tracing;

    public NodeInbox(String nodeId, SessionOutbound sessions, DeadLetterSink deadLetters, Clock clock,
                     EdgeMeters meters, Tracing tracing) {
        this.channel = RedisKeys.nodeChannel(nodeId);
        this.sessions = sessions;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** One message as published on the channel. Never throws, never blocks. */
    public void accept(byte[] raw) {
        NodeEnvelope envelope;
        String text;
        try {
            envelope = Json.read(raw, NodeEnvelope.class);
            String problem = problem(envelope);
            if (problem != null) {
                deadLetter(raw, problem, envelope == null ? null : envelope.traceparent());
                return;
            }
            text = Frames.write(envelope.frame());
        } catch (RuntimeException e) {
            deadLetter(raw, "undecodable: " + e.getMessage(), null);
            return;
        }
        if (envelope.publishedAt() != null) {
            meters.channelLag(clock.millis() - envelope.publishedAt());
        }
        try (Hop hop = envelope.traceparent() == null ? null : deliverHop(envelope)) {
            try {
                sessions.deliver(envelope, text);
            } catch (RuntimeException e) {
                LOG.warn("cannot deliver envelope on {} trace={}", channel, Tracing.traceId(envelope.traceparent()), e);
                if (hop != null) {
                    hop.failed("undeliverable");
                }
                deadLetter(raw, "undeliverable: " + e, envelope.traceparent());
            }
        }
    }

    /** The {@code edge.deliver} hop, under the router's; named by what the frame says of its message. */
    private Hop deliverHop(NodeEnvelope envelope) {
        return switch (envelope.frame()) {
            case MessageFrame m -> tracing.start("edge.deliver", envelope.traceparent(),
                    "conversation", m.conversationId(), "seq", Long.toString(m.seq()));
            case AckFrame a -> tracing.start("edge.deliver", envelope.traceparent(),
                    "conversation", a.conversationId(), "seq", Long.toString(a.seq()), "clientMsgId", a.clientMsgId());
            case ErrorFrame e when e.clientMsgId() != null -> tracing.start("edge.deliver", envelope.traceparent(),
                    "clientMsgId", e.clientMsgId());
            default -> tracing.start("edge.deliver", envelope.traceparent());
        };
    }

    private static String problem(NodeEnvelope e) {
        if (e == null) {
            return "not an envelope: null";
        }
        if (!ServerFrame.complete(e.frame())) {
            return e.frame() == null ? "no frame" : "the frame lacks a field the contract requires";
        }
        if ((e.sessionId() == null) == (e.userIds() == null)) {
            return "exactly one of sessionId and userIds is required";
        }
        if (e.userIds() != null && (e.userIds().isEmpty() || e.userIds().stream().anyMatch(u -> u == null))) {
            return "userIds must list user ids";
        }
        if (e.ackSessionId() != null && (e.userIds() == null || !(e.frame() instanceof MessageFrame))) {
            return "ackSessionId only goes with userIds and a message";
        }
        return null;
    }

    /** @param traceparent the envelope's, when it could be read: the trace id goes into the log lines */
    private void deadLetter(byte[] raw, String reason, String traceparent) {
        DeadLetter letter = DeadLetter.of(channel, -1, -1, null, raw, STAGE, reason == null ? "unknown" : reason,
                clock.instant());
        String trace = Tracing.traceId(traceparent);
        LOG.warn("dead-lettering a message on {} trace={}: {}", channel, trace, letter.reason());
        deadLetters.send(channel.getBytes(StandardCharsets.UTF_8), letter).whenComplete((written, e) -> {
            if (e != null) {
                LOG.warn("cannot dead-letter a message on {} trace={}: {}", channel, trace, Exceptions.oneLine(e));
            }
        });
    }
}
