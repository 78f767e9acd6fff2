package dev.parley.topology.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.json.Json;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.Tracing;
import dev.parley.common.text.Exceptions;
import dev.parley.common.topic.Topics;
import dev.parley.topology.TopologyTopics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for records that cannot be read, for exceptions that escape a processor and
 * for records that cannot be produced: a deterministic failure is dead-lettered, an outage retried.
 *
 * <p>An unreadable record (bad bytes on a source topic) goes to {@link Topics#DEAD_LETTERS} as a
 * {@link DeadLetter} with its raw bytes, inside the same transaction, and the stream continues:
 * nothing has been written for it. (The processors read raw bytes and decode them themselves, so
 * this path is a backstop.)
 *
 * <p>An exception that escapes a processor FAILs the task instead. The processors dead-letter every
 * failure of their own planning themselves ({@link Plan}); what still escapes happened while a plan
 * was being applied, after a store may already have been written (a seq counter without its message).
 * Resuming would commit that half and leave a gap, so the task fails, its transaction aborts, and the
 * record is processed again from the last commit. Such failures come from the infrastructure (state
 * directory, producer), not from the record, so processing it again is expected to succeed.
 *
 * <p>Producing: a record that cannot be serialised can never be, so it is dead-lettered (with the
 * source record's raw bytes) and the task goes on. The processors serialise every output while
 * planning ({@link Plan}), so this too is a backstop. A send the broker refuses because it is down,
 * slow or short of replicas ({@link RetriableException}) is retried: Kafka Streams aborts the
 * transaction and processes the task's records again from the last commit, exactly once, with no
 * loss. Any other send error FAILs: under exactly_once_v2 the producer's transaction is already
 * doomed by it, so resuming could not keep the record anyway.
 */
public final class DeadLetterHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);
    private final Clock clock;
    private volatile TopologyMeters meters;
    private volatile TopologyTopics topics = TopologyTopics.LIVE;

    public DeadLetterHandler() {
        this(Clock.systemUTC());
    }

    DeadLetterHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        meters = new TopologyMeters(ObserveHooks.of(configs).meters());
        topics = TopologyTopics.of(configs);
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                                ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        LOG.warn("unreadable record {}-{}@{} trace={}: {}", record.topic(), record.partition(), record.offset(),
                trace(record.headers()), reason(exception));
        count(record.topic());
        return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, record.key(),
                record.value(), "deserialize " + record.topic(), exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
                                                           Exception exception) {
        LOG.error("processing failed in {} on {}-{}@{} trace={} while applying its outputs; failing the task so "
                        + "its transaction aborts: {}", context.processorNodeId(), context.topic(), context.partition(),
                context.offset(), trace(context.headers()), reason(exception));
        return ProcessingExceptionHandler.Response.fail();
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
                                                                        ProducerRecord record, Exception exception,
                                                                        SerializationExceptionOrigin origin) {
        LOG.error("cannot serialise the {} of an output to {} while processing {}-{}@{} trace={}; dead-lettering "
                        + "the source record: {}", origin.name().toLowerCase(java.util.Locale.ROOT), record.topic(),
                context.topic(), context.partition(), context.offset(), trace(context.headers()), reason(exception));
        count(context.topic());
        return ProductionExceptionHandler.Response.resume(List.of(deadLetter(context, context.sourceRawKey(),
                context.sourceRawValue(), "produce " + record.topic(), exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
                                                           ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            LOG.warn("cannot produce to {} trace={} ({}); retrying from the last commit", record.topic(),
                    trace(record.headers()), reason(exception));
            return ProductionExceptionHandler.Response.retry();
        }
        LOG.error("cannot produce to {} trace={}; failing the task so its transaction aborts: {}", record.topic(),
                trace(record.headers()), reason(exception));
        return ProductionExceptionHandler.Response.fail();
    }

    ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value, String stage,
                                              Exception exception) {
        DeadLetter letter = DeadLetter.of(context.topic(), context.partition(), context.offset(), key, value, stage,
                reason(exception), Instant.now(clock));
        // The source's headers keep the letter in the message's trace.
        return new ProducerRecord<>(topics.deadLetters(), null, key, Json.writeBytes(letter), context.headers());
    }

    /** A backstop dead letter counts for the stage that reads {@code sourceTopic}. */
    private void count(String sourceTopic) {
        TopologyMeters m = meters;
        TopologyTopics t = topics;
        String stage = t.commands().equals(sourceTopic) ? TopologyMeters.GATE
                : t.sequencerCommands().equals(sourceTopic) || t.edgeCommands().equals(sourceTopic) ? TopologyMeters.SEQUENCE
                : null;
        if (m != null && stage != null) {
            m.command(stage, TopologyMeters.DEAD_LETTER);
        }
    }

    private static String trace(Headers headers) {
        return Tracing.traceId(TraceHeader.get(headers));
    }

    /** The exception chain on one line, as every module writes it ({@link Exceptions#oneLine}). */
    static String reason(Throwable t) {
        return Exceptions.oneLine(t);
    }
}
