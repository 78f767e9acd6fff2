package dev.parley.topology.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.topic.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for records that cannot be read and for exceptions that escape a processor.
 *
 * <p>An unreadable record (bad bytes on a source topic) goes to {@link Topics#DEAD_LETTERS} as a
 * {@link DeadLetter} with its raw bytes, inside the same transaction, and the stream continues:
 * nothing has been written for it.
 *
 * <p>An exception that escapes a processor FAILs the task instead. The processors dead-letter every
 * failure of their own planning themselves ({@link Plan}); what still escapes happened while a plan
 * was being applied, after a store may already have been written (a seq counter without its message).
 * Resuming would commit that half and leave a gap, so the task fails, its transaction aborts, and the
 * record is processed again from the last commit. Such failures come from the infrastructure (state
 * directory, producer), not from the record, so processing it again is expected to succeed.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private final Clock clock;

    public DeadLetterHandler() {
        this(Clock.systemUTC());
    }

    DeadLetterHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure: the topic is fixed by the catalogue
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        LOG.warn("unreadable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                reason(exception));
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, record.key(),
                record.value(), "deserialize " + record.topic(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        LOG.error("processing failed in {} on {}-{}@{} while applying its outputs; failing the task so its "
                        + "transaction aborts: {}", context.processorNodeId(), context.topic(), context.partition(),
                context.offset(), reason(exception));
        return ProcessingExceptionHandler.Response.fail();
    }

    ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value, String stage,
                                              Exception exception) {
        DeadLetter letter = new DeadLetter(context.topic(), context.partition(), context.offset(),
                DeadLetters.b64(key), DeadLetters.b64(value), stage, reason(exception), Instant.now(clock));
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), key, Json.writeBytes(letter));
    }

    /**
     * The exception chain's messages, so "cannot read Command" is followed by what Jackson said;
     * a cause whose message an outer one already repeats is left out.
     */
    static String reason(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null && sb.length() < 1000; c = c.getCause()) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().lines().findFirst().orElse("");
            if (sb.indexOf(m) >= 0) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(m);
        }
        return sb.toString();
    }
}
