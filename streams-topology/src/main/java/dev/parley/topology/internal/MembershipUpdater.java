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

    private KeyValueStore<String, ConversationMembers> members;
    private DeadLetters deadLetters;

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.members = context.getStateStore(Names.MEMBERS_STORE);
        this.deadLetters = new DeadLetters(STAGE, context, Names.MEMBERSHIPS_DEAD_LETTERS);
    }

    @Override
    public void process(Record<String, ConversationMembers> record) {
        try {
            ConversationMembers update = record.value();
            String key = record.key() != null ? record.key() : update == null ? null : update.conversationId();
            if (key == null) {
                deadLetters.send(record, "membership record without a conversation id");
                return;
            }
            if (update == null) {
                members.delete(key);
                return;
            }
            ConversationMembers current = members.get(key);
            if (current == null || update.version() >= current.version()) {
                members.put(key, update);
            }
        } catch (RuntimeException e) {
            deadLetters.send(record, e);
        }
    }
}
