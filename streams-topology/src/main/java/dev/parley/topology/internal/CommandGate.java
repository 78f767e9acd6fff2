package dev.parley.topology.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;
import dev.parley.common.limit.TokenBucket;
import dev.parley.common.observe.Hop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, partitioned by user, for {@code parley.commands.v1} (older edges) and shadow runs:
 * validates each command, rate limits sends with a per-user token bucket from the record time, and
 * re-keys what passes by conversation (typing is throttled by stage 2, which sees every typing).
 * Refusals go back to the sender's session as {@link Reply}s; a record it cannot handle
 * at all is dead-lettered.
 *
 * <p>It decodes its input itself rather than in the source node: the dead letter of an unreadable
 * record then carries the original bytes and is an ordinary output of the EOS transaction.
 */
public final class CommandGate implements Processor<byte[], byte[], String, byte[]> {
    static final String STAGE = "stage1";
    /** This stage's span in a message's trace. */
    static final String HOP = "topology.gate";
    /** How often (in stream time) buckets that have refilled completely are dropped. */
    static final Duration EVICT_INTERVAL = Duration.ofMinutes(5);

    private final TokenBucket bucket;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, TokenBucket.State> buckets;
    private DeadLetters deadLetters;
    private StageHops hops;

    public CommandGate(TokenBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buckets = context.getStateStore(Names.BUCKETS_STORE);
        this.deadLetters = new DeadLetters(STAGE, context, Names.GATE_DEAD_LETTERS);
        this.hops = new StageHops(TopologyMeters.GATE, HOP, context.appConfigs());
        context.schedule(EVICT_INTERVAL, PunctuationType.STREAM_TIME, this::evictFullBuckets);
    }

    /**
     * Decodes, then plans, then applies (see {@link Plan}: only planning failures are dead-lettered),
     * as hop {@code topology.gate} of the command's trace.
     */
    @Override
    public void process(Record<byte[], byte[]> input) {
        Command command;
        try {
            command = Inputs.value(input.value(), Command.class);
        } catch (Inputs.Unreadable e) {
            try (Hop hop = hops.start(input, null)) {
                unreadable(StageHops.traced(input, hop), e);
                hops.finish(hop, TopologyMeters.DEAD_LETTER);
            }
            return;
        }
        hops.process(input, command, (plan, record) -> plan(plan, record, command), deadLetters, context);
    }

    /** Plans what the command does; returns its outcome (see {@link TopologyMeters}). */
    private String plan(Plan plan, Record<byte[], byte[]> record, Command c) {
        if (!CommandValidator.answerable(c)) {
            // Nobody to answer: only a broken producer writes these.
            deadLetters.send(record, c == null ? "empty command" : "command without a valid origin or userId");
            return TopologyMeters.DEAD_LETTER;
        }
        ErrorFrame invalid = CommandValidator.check(c);
        if (invalid != null) {
            reply(plan, record, c.origin(), c.userId(), invalid);
            return TopologyMeters.refused(invalid.code());
        }
        if (c instanceof SendCommand send) {
            TokenBucket.Decision d = bucket.take(buckets.get(send.userId()), record.timestamp());
            plan.write(() -> buckets.put(send.userId(), d.state()));
            if (!d.allowed()) {
                reply(plan, record, c.origin(), c.userId(), new ErrorFrame(ErrorCode.RATE_LIMITED,
                        "too many messages, slow down", send.clientMsgId(), d.retryAfterMs()));
                return TopologyMeters.refused(ErrorCode.RATE_LIMITED);
            }
        }
        plan.emit(Names.GATE_TO_CONVERSATIONS, record.withKey(c.conversationId()).withValue(c));
        return TopologyMeters.ACCEPTED;
    }

    /**
     * Dead-letters a record that cannot be decoded and, when the bytes still name a session (a
     * command from an older or buggy edge, e.g. a body with an unpaired surrogate), also answers it
     * with {@code bad_request} so the client is not left waiting for an ack.
     */
    private void unreadable(Record<byte[], byte[]> record, Inputs.Unreadable e) {
        deadLetters.send(record, DeadLetterHandler.reason(e));
        Addressee to = addressee(record.value());
        if (to == null) {
            return;
        }
        Plan plan = new Plan();
        try {
            reply(plan, record, to.origin(), to.userId(), new ErrorFrame(ErrorCode.BAD_REQUEST,
                    "not a valid command", to.clientMsgId(), null));
        } catch (RuntimeException unwritable) {
            return; // the dead letter is enough
        }
        plan.apply(context);
    }

    private record Addressee(Origin origin, String userId, String clientMsgId) {
    }

    /** The session an unreadable command came from, if its bytes are JSON that names a valid one. */
    private static Addressee addressee(byte[] value) {
        try {
            JsonNode n = Json.mapper().readTree(value);
            String userId = text(n.path("userId"));
            JsonNode o = n.path("origin");
            String node = text(o.path("nodeId"));
            String session = text(o.path("sessionId"));
            if (node == null || session == null || CommandValidator.idProblem(userId) != null) {
                return null;
            }
            Origin origin = new Origin(node, session);
            String clientMsgId = text(n.path("clientMsgId"));
            boolean echo = clientMsgId != null && CommandValidator.idProblem(clientMsgId) == null
                    && clientMsgId.codePointCount(0, clientMsgId.length()) <= Limits.MAX_CLIENT_MSG_ID_CHARS;
            return CommandValidator.answerable(origin) ? new Addressee(origin, userId, echo ? clientMsgId : null) : null;
        } catch (Exception | StackOverflowError e) {
            return null; // not even JSON that names a session: the dead letter is all there is
        }
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private void reply(Plan plan, Record<byte[], byte[]> record, Origin origin, String userId, ErrorFrame error) {
        plan.emit(Names.GATE_REPLIES, record.withKey(origin.nodeId()).withValue(new Reply(origin, userId, error)));
    }

    private void evictFullBuckets(long streamTimeMs) {
        List<String> full = new ArrayList<>();
        try (KeyValueIterator<String, TokenBucket.State> it = buckets.all()) {
            while (it.hasNext()) {
                KeyValue<String, TokenBucket.State> kv = it.next();
                if (bucket.isFull(kv.value, streamTimeMs)) {
                    full.add(kv.key);
                }
            }
        }
        full.forEach(buckets::delete);
    }
}
