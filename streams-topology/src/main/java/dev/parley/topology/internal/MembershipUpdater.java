package dev.parley.topology.internal;

import dev.parley.common.event.ConversationMembers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the latest member list per conversation from the memberships topic (the source of truth).
 * A snapshot older than the stored one is ignored, so a re-published outbox entry cannot undo a
 * later change; a tombstone deletes the conversation.
 */
public final class MembershipUpdater implements Processor<byte[], byte[], String, byte[]> {
    static final String STAGE = "stage2-memberships";

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, ConversationMembers> members;
    private DeadLetters deadLetters;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.members = context.getStateStore(Names.MEMBERS_STORE);
        this.deadLetters = new DeadLetters(STAGE, context, Names.MEMBERSHIPS_DEAD_LETTERS);
    }

    /** Decodes, plans, then applies (see {@link Plan}: only decoding and planning failures are dead-lettered). */
    @Override
    public void process(Record<byte[], byte[]> record) {
        Plan plan = new Plan();
        try {
            plan(plan, record);
        } catch (Inputs.Unreadable e) {
            deadLetters.send(record, DeadLetterHandler.reason(e));
            return;
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
            return;
        }
        plan.apply(context);
    }

    private void plan(Plan plan, Record<byte[], byte[]> record) {
        String recordKey = Inputs.key(record.key());
        ConversationMembers update = Inputs.value(record.value(), ConversationMembers.class);
        String key = recordKey != null ? recordKey : update == null ? null : update.conversationId();
        String problem = update == null ? (key == null ? "membership record without a conversation id" : null)
                : problem(update, key);
        if (problem != null) {
            deadLetters.send(record, problem);
            return;
        }
        if (update == null) {
            plan.write(() -> members.delete(key));
            return;
        }
        ConversationMembers current = members.get(key);
        if (current == null || update.version() >= current.version()) {
            plan.write(() -> members.put(key, update));
        }
    }

    /**
     * What makes a snapshot unusable. Member ids become recipients of deliveries and keys of read
     * positions downstream, so they get the same rules as every other id.
     */
    private static String problem(ConversationMembers m, String key) {
        String idProblem = CommandValidator.idProblem(m.conversationId());
        if (idProblem != null) {
            return "conversationId " + idProblem;
        }
        if (!m.conversationId().equals(key)) {
            // On another conversation's partition the snapshot would land in a task that does not own it.
            return "record key does not match its conversationId";
        }
        for (String member : m.members()) {
            String p = CommandValidator.idProblem(member);
            if (p != null) {
                return "member id " + p;
            }
        }
        return null;
    }
}
