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
public final class MembershipUpdater implements Processor<String, ConversationMembers, String, Object> {
    static final String STAGE = "stage2-memberships";

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ConversationMembers> members;
    private DeadLetters deadLetters;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.members = context.getStateStore(Names.MEMBERS_STORE);
        this.deadLetters = new DeadLetters(STAGE, context, Names.MEMBERSHIPS_DEAD_LETTERS);
    }

    /** Plans, then applies (see {@link Plan}: only planning failures are dead-lettered). */
    @Override
    public void process(Record<String, ConversationMembers> record) {
        Plan plan = new Plan();
        try {
            plan(plan, record);
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
            return;
        }
        plan.apply(context);
    }

    private void plan(Plan plan, Record<String, ConversationMembers> record) {
        ConversationMembers update = record.value();
        String key = record.key() != null ? record.key() : update == null ? null : update.conversationId();
        if (key == null) {
            deadLetters.send(record, "membership record without a conversation id");
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
}
