package dev.parley.topology.internal;

import dev.parley.common.event.Command;
import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Delivery;
import dev.parley.common.event.Origin;
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
import dev.parley.common.observe.Hop;
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
    /** This stage's span in a message's trace. */
    static final String HOP = "topology.sequence";
    /** How often (in stream time) the next slice of the dedupe store is swept for expired entries. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

    /** How often (in stream time) typing throttle entries that hold nothing back are dropped. */
    static final Duration TYPING_EVICT_INTERVAL = Duration.ofMinutes(1);

    private final Duration dedupeWindow;
    private final Duration typingInterval;
    private TypingThrottle typing;
    private ProcessorContext<String, byte[]> context;
    private DedupeLog dedupe;
    private Sequencer sequencer;
    private ReadTracker reads;
    private KeyValueStore<String, ConversationMembers> members;
    private DeadLetters deadLetters;
    private StageHops hops;

    /** @param typingInterval at most one typing per (user, conversation) per interval of record time; zero: none */
    public ConversationProcessor(Duration dedupeWindow, Duration typingInterval) {
        this.dedupeWindow = dedupeWindow;
        this.typingInterval = typingInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.members = context.getStateStore(Names.MEMBERS_STORE);
        this.dedupe = new DedupeLog(context.getStateStore(Names.DEDUPE_STORE), dedupeWindow, EXPIRY_INTERVAL);
        this.sequencer = new Sequencer(context.getStateStore(Names.SEQUENCES_STORE), dedupe);
        this.reads = new ReadTracker(context.getStateStore(Names.READS_STORE));
        this.deadLetters = new DeadLetters(STAGE, context, Names.CONVERSATION_DEAD_LETTERS);
        this.hops = new StageHops(TopologyMeters.SEQUENCE, HOP, context.appConfigs());
        this.typing = new TypingThrottle(context.getStateStore(Names.TYPING_STORE), typingInterval);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME, dedupe::expire);
        context.schedule(TYPING_EVICT_INTERVAL, PunctuationType.STREAM_TIME, typing::evict);
    }

    /**
     * Decodes, plans, then applies (see {@link Plan}), as hop {@code topology.sequence} of the
     * command's trace: an unreadable record or a failure while planning is dead-lettered with nothing
     * written; a failure while applying escapes, fails the task and aborts the transaction, so a seq
     * can never be committed without its message.
     */
    @Override
    public void process(Record<byte[], byte[]> raw) {
        String key;
        Command command;
        try {
            key = Inputs.key(raw.key());
            command = Inputs.value(raw.value(), Command.class);
        } catch (Inputs.Unreadable e) {
            try (Hop hop = hops.start(raw, null)) {
                deadLetters.send(StageHops.traced(raw, hop), DeadLetterHandler.reason(e));
                hops.finish(hop, TopologyMeters.DEAD_LETTER);
            }
            return;
        }
        hops.process(raw, command, (plan, traced) -> plan(plan, traced, key, command), deadLetters, context);
    }

    /**
     * Checks the decoded command again and plans what it does; returns its outcome (see
     * {@link TopologyMeters}). A record that cannot be processed is dead-lettered here, a refusal is
     * planned into {@code plan}.
     */
    private String plan(Plan plan, Record<byte[], byte[]> raw, String key, Command c) {
        if (!CommandValidator.answerable(c)) {
            deadLetters.send(raw, c == null ? "empty command" : "command without a valid origin or userId");
            return TopologyMeters.DEAD_LETTER;
        }
        ErrorFrame invalid = CommandValidator.check(c);
        if (invalid == null && !c.conversationId().equals(key)) {
            // On another conversation's partition its seq would be assigned by a task that does not
            // own the conversation's counter: two tasks could hand out the same seq.
            deadLetters.send(raw, "record key does not match its conversationId");
            return TopologyMeters.DEAD_LETTER;
        }
        Record<String, Command> record = raw.withKey(key).withValue(c);
        if (invalid != null) {
            // Stage 1 validated it: this record was written to the topic by something else.
            reply(plan, record, c, invalid);
            return TopologyMeters.refused(invalid.code());
        }
        return switch (c) {
            case SendCommand s -> onSend(plan, record, s);
            case ReadCommand r -> onRead(plan, record, r);
            case TypingCommand t -> onTyping(plan, record, t);
        };
    }

    private String onSend(Plan plan, Record<String, Command> record, SendCommand s) {
        ConversationMembers m = members.get(s.conversationId());
        switch (sequencer.decide(s, m, record.timestamp())) {
            case Sequencer.Duplicate d -> {
                reply(plan, record, s, d.ack());
                return TopologyMeters.DUPLICATE;
            }
            case Sequencer.Refused r -> {
                reply(plan, record, s, r.error());
                return TopologyMeters.refused(r.error().code());
            }
            case Sequencer.Accepted a -> {
                long now = record.timestamp();
                plan.write(() -> sequencer.record(a, now));
                plan.emit(Names.MESSAGES_SINK, record.withKey(s.conversationId()).withValue(a.message()));
                // The sender's own sessions get the message too (all its devices stay in step), and
                // the sending session its ack on the same delivery: no reply record (issue 11).
                if (!deliver(plan, record, m.members(), MessageFrame.of(a.message()), s.userId(), s.origin())) {
                    reply(plan, record, s, a.ack()); // a member list without its sender: cannot be, but never lose an ack
                }
                return TopologyMeters.ACCEPTED;
            }
        }
    }

    private String onRead(Plan plan, Record<String, Command> record, ReadCommand r) {
        ConversationMembers m = members.get(r.conversationId());
        if (m == null || !m.isMember(r.userId())) {
            reply(plan, record, r, ErrorFrame.of(ErrorCode.NOT_MEMBER, "not a member of this conversation"));
            return TopologyMeters.refused(ErrorCode.NOT_MEMBER);
        }
        long seq = reads.target(r.conversationId(), r.userId(), r.seq(), sequencer.lastSeq(r.conversationId()));
        if (seq < 0) {
            return TopologyMeters.ACCEPTED; // a position that does not move forward is ignored silently
        }
        plan.write(() -> reads.store(r.conversationId(), r.userId(), seq));
        ReadPosition position = new ReadPosition(r.conversationId(), r.userId(), seq, r.receivedAt());
        plan.emit(Names.READS_SINK, record.withKey(position.key()).withValue(position));
        deliver(plan, record, Fanout.othersThan(m.members(), r.userId()), new ReadFrame(r.conversationId(), r.userId(), seq));
        return TopologyMeters.ACCEPTED;
    }

    private String onTyping(Plan plan, Record<String, Command> record, TypingCommand t) {
        ConversationMembers m = members.get(t.conversationId());
        if (m == null || !m.isMember(t.userId())) {
            return TopologyMeters.refused(ErrorCode.NOT_MEMBER); // dropped silently: typing is ephemeral
        }
        // Here, not at the edge alone: a user's sockets on several edges each pass the edge's throttle.
        long now = record.timestamp();
        if (!typing.allows(t.userId(), t.conversationId(), now)) {
            return TopologyMeters.THROTTLED; // ephemeral: excess is dropped silently, as the contract says
        }
        plan.write(() -> typing.record(t.userId(), t.conversationId(), now));
        deliver(plan, record, Fanout.othersThan(m.members(), t.userId()), new TypingFrame(t.conversationId(), t.userId()));
        return TopologyMeters.ACCEPTED;
    }

    private void deliver(Plan plan, Record<String, Command> record, List<String> recipients, ServerFrame frame) {
        deliver(plan, record, recipients, frame, null, null);
    }

    /** @return whether a chunk carries the ack to {@code ackTo} (it lists {@code sender}) */
    private boolean deliver(Plan plan, Record<String, Command> record, List<String> recipients, ServerFrame frame,
                            String sender, Origin ackTo) {
        String conversationId = record.value().conversationId();
        boolean acked = false;
        for (Delivery d : Fanout.chunks(conversationId, recipients, frame, sender, ackTo)) {
            plan.emit(Names.DELIVERIES_SINK, record.withKey(conversationId).withValue(d));
            acked |= d.ackTo() != null;
        }
        return acked;
    }

    private static void reply(Plan plan, Record<String, Command> record, Command c, ServerFrame frame) {
        plan.emit(Names.CONVERSATION_REPLIES, record.withKey(c.origin().nodeId())
                .withValue(new Reply(c.origin(), c.userId(), frame)));
    }
}
