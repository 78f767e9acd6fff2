package dev.parley.sinks.internal;

import dev.parley.common.event.DeadLetter;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.observe.HealthCheck;
import dev.parley.common.observe.Tracing;
import dev.parley.common.text.Exceptions;
import dev.parley.common.event.DeadLetterSink;
import dev.parley.sinks.internal.BatchHandler.Cause;
import dev.parley.sinks.internal.BatchHandler.Rejected;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer's loop: poll a batch, apply it, dead-letter what can never be processed, then
 * commit its offsets ({@link FinishedOffsets}: at most once per {@code commitInterval}, and always
 * before partitions are revoked or the worker stops). Both stages are idempotent or tolerate a
 * repeat, so a crash repeats at most that interval.
 *
 * <p>Every failure is one of two kinds ({@link Failure}). A record that can never be processed
 * (it cannot be decoded, or the store refuses it) is sent to the dead-letter topic with its original
 * bytes and the reason, and the stage moves on at once; when the store refuses a batch, the batch is
 * applied again record by record so that the good records of it still go in. An outage (a store,
 * Redis or the dead-letter topic unreachable) loses nothing: the attempt pauses the assigned
 * partitions and polls for the backoff delay (which keeps the consumer in its group), then retries;
 * nothing is committed past a record that was neither applied nor dead-lettered. Only
 * {@link #wakeup()}, {@link #liveness()} and {@link #readiness()} may be called from another thread.
 *
 * <p>Its {@link StageMeters} count what it handles; readiness is down while it is paused on an
 * outage, so an operator sees a stuck stage without reading logs.
 */
public final class BatchWorker<B> implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchWorker.class);

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final BatchHandler<B> handler;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final Duration batchTimeout;
    private final Outage outage;
    private final DeadLetterSink deadLetters;
    private final Clock clock;
    private final FinishedOffsets offsets;
    private final StageMeters meters;
    private final CompletableFuture<Void> joined = new CompletableFuture<>();
    private volatile boolean closing;
    /** The thread running {@link #run()}, once it started. */
    private volatile Thread runner;
    private volatile boolean stopped;

    /** Returned by an attempt that gave up because the loop is stopping. */
    private static final Throwable STOPPED = new Throwable("stopping", null, false, false) {
    };

    /**
     * @param name        the stage, as dead letters name it ({@code sinks-history}, {@code sinks-router})
     * @param deadLetters where records that can never be processed go
     * @param meters      the stage's meters; its outage gauge is bound to this worker
     */
    public BatchWorker(String name, Consumer<byte[], byte[]> consumer, List<String> topics, BatchHandler<B> handler,
                       DeadLetterSink deadLetters, Backoff backoff, Duration pollTimeout, Duration batchTimeout,
                       Duration commitInterval, Clock clock, StageMeters meters) {
        this.name = name;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
        this.batchTimeout = batchTimeout;
        this.outage = new Outage(name, clock);
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.offsets = new FinishedOffsets(name, consumer, commitInterval, clock);
        this.meters = meters;
        meters.outage(outage);
    }

    /** Completes once the consumer has got its first assignment (it has joined its group). */
    public CompletableFuture<Void> joined() {
        return joined;
    }

    /**
     * When a bounded run (a rebuild) has read all it was meant to: asked on the worker's own thread
     * after every poll, so it may read the consumer's positions.
     */
    @FunctionalInterface
    public interface Until {
        boolean reached(Consumer<byte[], byte[]> consumer);
    }

    /** Subscribes, loops until {@link #wakeup()}, then closes the consumer (leaving the group). */
    @Override
    public void run() {
        runUntil(c -> false);
    }

    /**
     * {@link #run()} that also ends, committing what it finished, as soon as {@code until} says so.
     * A batch is finished (applied or dead-lettered) before {@code until} is asked again.
     */
    public void runUntil(Until until) {
        runner = Thread.currentThread();
        try {
            subscribe();
            while (!closing) {
                pollOnce();
                if (until.reached(consumer)) {
                    closing = true;
                }
            }
        } catch (WakeupException e) {
            // wakeup() asked us to stop.
        } finally {
            offsets.commitAll();
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing the consumer failed: {}", name, Exceptions.oneLine(e));
            }
            stopped = true;
        }
    }

    /** Live while its loop runs: a worker whose thread is gone makes no progress whatever else is up. */
    public HealthCheck.Result liveness() {
        Thread t = runner;
        if (t == null) {
            return HealthCheck.Result.down("not started");
        }
        return t.isAlive() && !stopped ? HealthCheck.Result.up("running on " + t.getName())
                : HealthCheck.Result.down("stopped");
    }

    /** Ready once it has joined its group, and not while paused on a dependency or stopping. */
    public HealthCheck.Result readiness() {
        if (stopped || closing) {
            return HealthCheck.Result.down(stopped ? "stopped" : "stopping");
        }
        if (!joined.isDone()) {
            return HealthCheck.Result.down("joining its consumer group");
        }
        return outage.active() ? HealthCheck.Result.down(outage.describe()) : HealthCheck.Result.up("consuming");
    }

    /** Asks the loop to stop: a batch being applied is finished and committed first. Thread-safe. */
    public void wakeup() {
        closing = true;
        consumer.wakeup();
    }

    void subscribe() {
        consumer.subscribe(topics, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                LOG.info("{}: assigned {}", name, partitions);
                joined.complete(null);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                LOG.info("{}: revoked {}", name, partitions);
                // The next owner starts from the committed offsets: hand over what was finished here.
                offsets.commitAll();
                offsets.forget(partitions);
            }
        });
    }

    /** One poll, and if it returned records: apply them until done, dead-letter what can never be, then commit. */
    void pollOnce() {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
        if (polled.isEmpty()) {
            // Every batch before it is finished, so a fetch of nothing but the commit markers the topology's
            // transactions leave after their records moves what may be committed past them.
            offsets.finish(polled);
            offsets.maybeCommit();
            return;
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
        polled.forEach(records::add);
        BatchHandler.Decoded<B> decoded = handler.decode(records);
        List<Rejected> poison = new ArrayList<>(decoded.rejected());
        Timer.Sample handling = meters.startBatch();
        if (!applyAll(decoded.batch(), poison)) {
            return;
        }
        meters.wrote(handling);
        if (deadLetter(poison)) {
            meters.handled(records.size());
            offsets.finish(polled);
            offsets.maybeCommit();
        }
    }

    /**
     * Applies the batch until it succeeds or the store refuses something in it; then applies it
     * record by record, so that the good records still go in and exactly the refused ones join
     * {@code poison}.
     *
     * @return false when the loop is stopping before the batch was done (its offsets stay uncommitted)
     */
    private boolean applyAll(B batch, List<Rejected> poison) {
        Throwable refused = attempt(() -> handler.apply(batch));
        if (refused == STOPPED) {
            return false;
        }
        if (refused == null) {
            return true;
        }
        LOG.warn("{}: a record of the batch was refused ({}), applying the batch record by record", name,
                Exceptions.oneLine(refused));
        for (BatchHandler.Part<B> part : handler.parts(batch)) {
            Throwable e = attempt(() -> handler.apply(part.batch()));
            if (e == STOPPED) {
                return false;
            }
            if (e != null) {
                poison.add(new Rejected(part.record(), Cause.REFUSED, "refused: " + Exceptions.oneLine(e)));
            }
        }
        return true;
    }

    /** Sends every letter, waiting out an outage of Kafka like any other; a sent letter is not sent again. */
    private boolean deadLetter(List<Rejected> poison) {
        while (!poison.isEmpty()) {
            Rejected r = poison.getFirst();
            DeadLetter letter = DeadLetter.of(r.record(), name, r.reason(), clock.instant());
            if (untilNoOutage(() -> deadLetters.send(r.record().key(), letter), false) == STOPPED) {
                return false;
            }
            meters.deadLettered(r.cause());
            LOG.warn("{}: dead-lettered {}-{}@{} trace={}: {}", name, r.record().topic(), r.record().partition(),
                    r.record().offset(), Tracing.traceId(TraceHeader.get(r.record().headers())), letter.reason());
            poison.removeFirst();
        }
        return true;
    }

    private Throwable attempt(Supplier<CompletionStage<Void>> action) {
        return untilNoOutage(action, true);
    }

    /**
     * Runs the action until it succeeds or fails with poison, holding the partitions and backing
     * off while it fails with an outage.
     *
     * @return null when it succeeded, the poison failure, or {@link #STOPPED}
     */
    private Throwable untilNoOutage(Supplier<CompletionStage<Void>> action, boolean mayBePoison) {
        for (int attempt = 0; ; attempt++) {
            try {
                action.get().toCompletableFuture().get(batchTimeout.toMillis(), TimeUnit.MILLISECONDS);
                outage.recovered();
                resumeAll();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return STOPPED;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                if (mayBePoison && Failure.of(e) == Failure.POISON) {
                    // The dependency answered: whatever outage there was is over.
                    outage.recovered();
                    resumeAll();
                    return e;
                }
                outage.failed(e);
                if (closing) {
                    return STOPPED;
                }
                hold(backoff.delay(attempt));
            }
        }
    }

    private void resumeAll() {
        Set<TopicPartition> paused = consumer.paused();
        if (!paused.isEmpty()) {
            consumer.resume(paused);
        }
    }

    /** Waits by polling with every partition paused, so the group does not evict us during an outage. */
    private void hold(Duration delay) {
        consumer.pause(consumer.assignment());
        ConsumerRecords<byte[], byte[]> stray = consumer.poll(delay);
        // Partitions assigned during that poll were not paused: rewind them so nothing is skipped.
        for (TopicPartition tp : stray.partitions()) {
            consumer.seek(tp, stray.records(tp).getFirst().offset());
        }
    }
}
