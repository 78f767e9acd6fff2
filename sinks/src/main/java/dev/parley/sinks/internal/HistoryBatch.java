package dev.parley.sinks.internal;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One polled batch of the history writer, decoded, in log order, each value with the record it came from. */
public record HistoryBatch(List<Entry> entries) {

    /** A decoded value: a {@link Message}, a {@link ReadPosition} or a {@link ConversationMembers}. */
    public record Entry(ConsumerRecord<byte[], byte[]> record, Object value) {
    }

    public HistoryBatch {
        entries = List.copyOf(entries);
    }

    public List<Message> messages() {
        return values(Message.class);
    }

    public List<ReadPosition> reads() {
        return values(ReadPosition.class);
    }

    public List<ConversationMembers> memberships() {
        return values(ConversationMembers.class);
    }

    private <T> List<T> values(Class<T> type) {
        return entries.stream().map(Entry::value).filter(type::isInstance).map(type::cast).toList();
    }
}
