package dev.parley.edge.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.PongFrame;
import dev.parley.common.limit.SendLimiter;
import dev.parley.common.observe.Hop;
import dev.parley.common.observe.Tracing;
import dev.parley.edge.CommandSink;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's text frame into a command for the topology. The edge never acks: the ack (or
 * a refusal such as not_member) comes back from the topology through this node's channel.
 *
 * <p>A send passes two checks before Kafka: the node's overload admission, then its user's rate
 * limit (the contract's, kept here so the topology needs no stage keyed by user).
 *
 * <p>Each send starts its message's trace: the {@code edge.send} hop, from the admitted frame
 * until Kafka has the command, whose {@code traceparent} travels with it as a record header.
 */
final class FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
    private static final PongFrame PONG = new PongFrame();

    private final String nodeId;
    private final Clock clock;
    private final CommandSink sink;
    private final SendLimiter sends;
    private final TypingThrottle typing;
    private final SendBackpressure backpressure;
    private final EdgeMeters meters;
    private final Tracing tracing;

    FrameHandler(String nodeId, Clock clock, CommandSink sink, SendLimiter sends, TypingThrottle typing,
                 SendBackpressure backpressure, EdgeMeters meters, Tracing tracing) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.sink = sink;
        this.sends = sends;
        this.typing = typing;
        this.backpressure = backpressure;
        this.meters = meters;
        this.tracing = tracing;
    }

    void handle(EdgeSession session, String text) {
        Instant now = clock.instant();
        Origin origin = new Origin(nodeId, session.sessionId());
        switch (ClientFrame.parse(text)) {
            case ClientFrame.Invalid invalid -> {
                invalid();
                session.send(invalid.error());
            }
            case ClientFrame.Ping ping -> {
                meters.frameIn("ping");
                if (session.takePing(now)) {
                    session.send(PONG);
                } // over the ping rate: dropped silently, the frame is ephemeral
            }
            case ClientFrame.Send send -> {
                meters.frameIn("send");
                if (admitted(session, send.clientMsgId(), now)) {
                    send(session, new SendCommand(session.userId(), send.conversationId(), send.clientMsgId(),
                            UUID.randomUUID().toString(), send.body(), origin, now));
                }
            }
            case ClientFrame.Read read -> {
                meters.frameIn("read");
                ReadCoalescer reads = session.reads();
                if (reads == null) {
                    read(session, read.conversationId(), read.seq());
                } else if (!reads.read(read.conversationId(), read.seq())) {
                    session.send(new ErrorFrame(ErrorCode.RATE_LIMITED, "too many conversations read at once",
                            null, 1000L));
                }
            }
            case ClientFrame.Typing t -> {
                meters.frameIn("typing");
                if (typing.allow(session.userId(), t.conversationId())) {
                    produce(session, new TypingCommand(session.userId(), t.conversationId(), origin, now), null, null);
                } // within the typing interval: dropped silently, the frame is ephemeral
            }
        }
    }

    /**
     * Overload first: a send shed under overload costs no call to the shared limit and takes no
     * token, so the client's retry is not also held against its rate. The rate limit takes the
     * instant that becomes the command's {@code receivedAt} (its record time), so a replay through a
     * per-user stage with the same limits decides as this did.
     */
    private boolean admitted(EdgeSession session, String clientMsgId, Instant now) {
        long overloadedMs = backpressure.admit(session.sessionId(), clientMsgId);
        if (overloadedMs > 0) {
            meters.shed();
            session.send(new ErrorFrame(ErrorCode.UNAVAILABLE, "overloaded; retry later", clientMsgId, overloadedMs));
            return false;
        }
        long limitedMs = sends.take(session.userId(), now.toEpochMilli());
        if (limitedMs > 0) {
            backpressure.withdraw(session.sessionId(), clientMsgId);
            meters.rateLimited();
            session.send(new ErrorFrame(ErrorCode.RATE_LIMITED, "too many sends; retry later", clientMsgId,
                    limitedMs));
            return false;
        }
        return true;
    }

    /** A frame that is no client frame of the contract. */
    void invalid() {
        meters.frameIn("invalid");
    }

    /** Produces a read command now (the coalescer calls this when a window opens or ends). */
    void read(EdgeSession session, String conversationId, long seq) {
        produce(session, new ReadCommand(session.userId(), conversationId, seq,
                new Origin(nodeId, session.sessionId()), clock.instant()), null, null);
    }

    /** The {@code edge.send} hop: a new trace, ended when Kafka has the command (or failed when it cannot). */
    private void send(EdgeSession session, SendCommand command) {
        Hop hop = tracing.start("edge.send", null, "conversation", command.conversationId(),
                "clientMsgId", command.clientMsgId());
        produce(session, command, command.clientMsgId(), hop);
    }

    private void produce(EdgeSession session, Command command, String clientMsgId, Hop hop) {
        String traceparent = hop == null ? null : hop.traceparent();
        CompletionStage<Void> result;
        try {
            result = sink.send(command, traceparent);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((ok, e) -> {
            if (e != null) {
                if (clientMsgId != null) {
                    backpressure.settled(session.sessionId(), clientMsgId);
                }
                LOG.warn("cannot produce {} of {} trace={}: {}", command.getClass().getSimpleName(), command.userId(),
                        Tracing.traceId(traceparent), e.toString());
                if (hop != null) {
                    hop.failed("not written to Kafka");
                }
                session.send(ErrorFrame.of(ErrorCode.UNAVAILABLE, "the frame could not be accepted now; retry",
                        clientMsgId));
            }
            if (hop != null) {
                hop.close();
            }
        });
    }
}
