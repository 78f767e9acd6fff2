package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, partitioned by user: validates each command, rate limits sends with a per-user token
 * bucket refilled from the record time, and re-keys what passes by conversation. Refusals go back
 * to the sender's session as {@link Reply}s; a record it cannot handle at all is dead-lettered.
 *
 * <p>It decodes its input itself rather than in the source node: the dead letter of an unreadable
 * record then carries the original bytes and is an ordinary output of the EOS transaction.
 */
public final class CommandGate implements Processor<String, byte[], String, Object> {
    static final String STAGE = "stage1";
    /** How often (in stream time) buckets that have refilled completely are dropped. */
    static final Duration EVICT_INTERVAL = Duration.ofMinutes(5);

    private final TokenBucket bucket;
    private final Deserializer<Command> decoder = Topics.COMMANDS.valueSerde().deserializer();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, TokenBucket.State> buckets;
    private DeadLetters deadLetters;

    public CommandGate(TokenBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.buckets = context.getStateStore(Names.BUCKETS_STORE);
        this.deadLetters = new DeadLetters(STAGE, context, Names.GATE_DEAD_LETTERS);
        context.schedule(EVICT_INTERVAL, PunctuationType.STREAM_TIME, this::evictFullBuckets);
    }

    /** Decodes, then plans, then applies (see {@link Plan}: only planning failures are dead-lettered). */
    @Override
    public void process(Record<String, byte[]> record) {
        Command command;
        try {
            command = decoder.deserialize(Topics.COMMANDS.name(), record.value());
        } catch (RuntimeException e) {
            deadLetters.send(record, DeadLetterHandler.reason(e));
            return;
        }
        Plan plan = new Plan();
        try {
            plan(plan, record, command);
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
            return;
        }
        plan.apply(context);
    }

    private void plan(Plan plan, Record<String, byte[]> record, Command c) {
        if (c == null || c.origin() == null || CommandValidator.blank(c.userId())) {
            // Nobody to answer: only a broken producer writes these.
            deadLetters.send(record, c == null ? "empty command" : "command without origin or userId");
            return;
        }
        ErrorFrame invalid = CommandValidator.check(c);
        if (invalid != null) {
            reply(plan, record, c, invalid);
            return;
        }
        if (c instanceof SendCommand send) {
            TokenBucket.Decision d = bucket.take(buckets.get(send.userId()), record.timestamp());
            plan.write(() -> buckets.put(send.userId(), d.state()));
            if (!d.allowed()) {
                reply(plan, record, c, new ErrorFrame(ErrorCode.RATE_LIMITED, "too many messages, slow down",
                        send.clientMsgId(), d.retryAfterMs()));
                return;
            }
        }
        plan.emit(Names.GATE_TO_CONVERSATIONS, record.<String>withKey(c.conversationId()).<Object>withValue(c));
    }

    private void reply(Plan plan, Record<String, byte[]> record, Command c, ErrorFrame error) {
        Reply reply = new Reply(c.origin(), c.userId(), error);
        plan.emit(Names.GATE_REPLIES, record.<String>withKey(c.origin().nodeId()).<Object>withValue(reply));
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
