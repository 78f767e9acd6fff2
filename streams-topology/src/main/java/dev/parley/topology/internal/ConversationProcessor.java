package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.event.Reply;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.ReadFrame;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.frame.TypingFrame;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2, partitioned by conversation: membership checks, idempotency and sequencing of sends,
 * forward-only read positions and typing fan-out. All outputs of one command are forwarded while
 * processing it, so they commit in the same exactly-once transaction; they are planned in full
 * before any store is written ({@link Plan}).
 */
public final class ConversationProcessor implements Processor<byte[], byte[], String, byte[]> {
    static final String STAGE = "stage2";
    /** How often (in stream time) expired dedupe entries are deleted. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    private final Duration dedupeWindow;
    private ProcessorContext<String, byte[]> context;
    private DedupeLog dedupe;
    private Sequencer sequencer;
    private ReadTracker reads;
    private KeyValueStore<String, ConversationMembers> members;
    private DeadLetters deadLetters;

    public ConversationProcessor(Duration dedupeWindow) {
        this.dedupeWindow = dedupeWindow;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.members = context.getStateStore(Names.MEMBERS_STORE);
        this.dedupe = new DedupeLog(context.getStateStore(Names.DEDUPE_STORE),
                context.getStateStore(Names.DEDUPE_EXPIRY_STORE), dedupeWindow);
        this.sequencer = new Sequencer(context.getStateStore(Names.SEQUENCES_STORE), dedupe);
        this.reads = new ReadTracker(context.getStateStore(Names.READS_STORE));
        this.deadLetters = new DeadLetters(STAGE, context, Names.CONVERSATION_DEAD_LETTERS);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, dedupe::expire);
    }

    /**
     * Decodes, plans, then applies (see {@link Plan}): an unreadable record or a failure while
     * planning is dead-lettered with nothing written; a failure while applying escapes, fails the
     * task and aborts the transaction, so a seq can never be committed without its message.
     */
    @Override
    public void process(Record<byte[], byte[]> raw) {
        Plan plan = new Plan();
        try {
            Record<String, Command> record = decode(raw, plan);
            if (record != null) {
                plan(plan, record);
            }
        } catch (Inputs.Unreadable e) {
            deadLetters.send(raw, DeadLetterHandler.reason(e));
            return;
        } catch (RuntimeException e) {
            deadLetters.send(raw, e);
            return;
        }
        plan.apply(context);
    }

    /**
     * The command to process, or null when it was dead-lettered or refused (the refusal is planned
     * into {@code plan}).
     *
     * @throws Inputs.Unreadable when the bytes are not a command
     */
    private Record<String, Command> decode(Record<byte[], byte[]> raw, Plan plan) {
        String key = Inputs.key(raw.key());
        Command c = Inputs.value(raw.value(), Command.class);
        if (!CommandValidator.answerable(c)) {
            deadLetters.send(raw, c == null ? "empty command" : "command without a valid origin or userId");
            return null;
        }
        ErrorFrame invalid = CommandValidator.check(c);
        if (invalid == null && !c.conversationId().equals(key)) {
            // On another conversation's partition its seq would be assigned by a task that does not
            // own the conversation's counter: two tasks could hand out the same seq.
            deadLetters.send(raw, "record key does not match its conversationId");
            return null;
        }
        Record<String, Command> record = raw.withKey(key).withValue(c);
        if (invalid != null) {
            // Stage 1 validated it: this record was written to the topic by something else.
            reply(plan, record, c, invalid);
            return null;
        }
        return record;
    }

    private void plan(Plan plan, Record<String, Command> record) {
        switch (record.value()) {
            case SendCommand s -> onSend(plan, record, s);
            case ReadCommand r -> onRead(plan, record, r);
            case TypingCommand t -> onTyping(plan, record, t);
        }
    }

    private void onSend(Plan plan, Record<String, Command> record, SendCommand s) {
        ConversationMembers m = members.get(s.conversationId());
        switch (sequencer.decide(s, m, record.timestamp())) {
            case Sequencer.Duplicate d -> reply(plan, record, s, d.ack());
            case Sequencer.Refused r -> reply(plan, record, s, r.error());
            case Sequencer.Accepted a -> {
                long now = record.timestamp();
                plan.write(() -> sequencer.record(a, now));
                plan.emit(Names.MESSAGES_SINK, record.withKey(s.conversationId()).withValue(a.message()));
                // The sender's own sessions get the message too (all its devices stay in step).
                deliver(plan, record, m.members(), MessageFrame.of(a.message()));
                reply(plan, record, s, a.ack());
            }
        }
    }

    private void onRead(Plan plan, Record<String, Command> record, ReadCommand r) {
        ConversationMembers m = members.get(r.conversationId());
        if (m == null || !m.isMember(r.userId())) {
            reply(plan, record, r, ErrorFrame.of(ErrorCode.NOT_MEMBER, "not a member of this conversation"));
            return;
        }
        long seq = reads.target(r.conversationId(), r.userId(), r.seq(), sequencer.lastSeq(r.conversationId()));
        if (seq < 0) {
            return;
        }
        plan.write(() -> reads.store(r.conversationId(), r.userId(), seq));
        ReadPosition position = new ReadPosition(r.conversationId(), r.userId(), seq, r.receivedAt());
        plan.emit(Names.READS_SINK, record.withKey(position.key()).withValue(position));
        deliver(plan, record, Fanout.othersThan(m.members(), r.userId()), new ReadFrame(r.conversationId(), r.userId(), seq));
    }

    private void onTyping(Plan plan, Record<String, Command> record, TypingCommand t) {
        ConversationMembers m = members.get(t.conversationId());
        if (m != null && m.isMember(t.userId())) {
            deliver(plan, record, Fanout.othersThan(m.members(), t.userId()),
                    new TypingFrame(t.conversationId(), t.userId()));
        }
    }

    private void deliver(Plan plan, Record<String, Command> record, List<String> recipients, ServerFrame frame) {
        String conversationId = record.value().conversationId();
        for (Delivery d : Fanout.chunks(conversationId, recipients, frame)) {
            plan.emit(Names.DELIVERIES_SINK, record.withKey(conversationId).withValue(d));
        }
    }

    private static void reply(Plan plan, Record<String, Command> record, Command c, ServerFrame frame) {
        plan.emit(Names.CONVERSATION_REPLIES, record.withKey(c.origin().nodeId())
                .withValue(new Reply(c.origin(), c.userId(), frame)));
    }
}
