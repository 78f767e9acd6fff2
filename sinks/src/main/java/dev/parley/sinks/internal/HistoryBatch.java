package dev.parley.sinks.internal;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import java.util.List;

/** One polled batch of the history writer, decoded and split by kind, each list in log order. */
public record HistoryBatch(List<Message> messages, List<ReadPosition> reads, List<ConversationMembers> memberships) {
    public HistoryBatch {
        messages = List.copyOf(messages);
        reads = List.copyOf(reads);
        memberships = List.copyOf(memberships);
    }
}
