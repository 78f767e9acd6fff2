package dev.parley.sinks.internal;

import static dev.parley.sinks.internal.Decoding.present;

import dev.parley.common.event.ConversationMembers;
import dev.parley.common.event.Message;
import dev.parley.common.event.ReadPosition;
import dev.parley.common.topic.Topics;
import dev.parley.sinks.HistoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The history writer's batch handler: messages, read positions and member lists into the {@link HistoryStore}. */
public final class HistoryWriter implements BatchHandler<HistoryBatch> {
    /** The topics the history writer consumes. */
    public static final List<String> TOPICS =
            List.of(Topics.MESSAGES.name(), Topics.READS.name(), Topics.MEMBERSHIPS.name());

    private final HistoryStore store;

    public HistoryWriter(HistoryStore store) {
        this.store = store;
    }

    @Override
    public HistoryBatch decode(List<ConsumerRecord<String, byte[]>> records) {
        List<Message> messages = new ArrayList<>();
        List<ReadPosition> reads = new ArrayList<>();
        List<ConversationMembers> memberships = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            String topic = r.topic();
            if (topic.equals(Topics.MESSAGES.name())) {
                add(messages, Decoding.value(Topics.MESSAGES, r, HistoryWriter::valid));
            } else if (topic.equals(Topics.READS.name())) {
                add(reads, Decoding.value(Topics.READS, r, HistoryWriter::valid));
            } else if (topic.equals(Topics.MEMBERSHIPS.name())) {
                add(memberships, Decoding.value(Topics.MEMBERSHIPS, r, HistoryWriter::valid));
            } else {
                Decoding.skip(r, "not a topic of the history writer");
            }
        }
        return new HistoryBatch(messages, reads, memberships);
    }

    @Override
    public CompletionStage<Void> apply(HistoryBatch batch) {
        List<CompletableFuture<Void>> writes = new ArrayList<>(3);
        if (!batch.messages().isEmpty()) {
            writes.add(store.writeMessages(batch.messages()).toCompletableFuture());
        }
        if (!batch.reads().isEmpty()) {
            writes.add(store.writeReads(batch.reads()).toCompletableFuture());
        }
        if (!batch.memberships().isEmpty()) {
            writes.add(store.writeMemberships(batch.memberships()).toCompletableFuture());
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private static <T> void add(List<T> list, T value) {
        if (value != null) {
            list.add(value);
        }
    }

    static boolean valid(Message m) {
        return present(m.conversationId()) && m.seq() >= 0 && present(m.messageId()) && present(m.senderId());
    }

    static boolean valid(ReadPosition p) {
        return present(p.conversationId()) && present(p.userId()) && p.seq() >= 0;
    }

    static boolean valid(ConversationMembers c) {
        return present(c.conversationId()) && c.version() >= 0 && c.members().stream().allMatch(Decoding::present);
    }
}
