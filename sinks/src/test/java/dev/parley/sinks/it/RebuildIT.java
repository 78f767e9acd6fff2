package dev.parley.sinks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.parley.common.config.Settings;
import dev.parley.common.event.Message;
import dev.parley.common.topic.Topics;
import dev.parley.ops.Ops;
import dev.parley.sinks.Rebuild;
import dev.parley.sinks.SinksConfig;
import dev.parley.sinks.internal.cql.CqlSessions;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A rebuild stopped half-way (Ctrl-C) commits what it finished and, started again with the same
 * group, goes on from there to the end: every row is in the new keyspace, none written twice wrongly,
 * and the group's committed offsets are the log's end, past the transactions' commit markers.
 */
class RebuildIT {
    private static final int MESSAGES = 3000;

    @Test
    void aStoppedRebuildResumesFromItsCommittedOffsetsAndCompletes() {
        TestInfra infra = RealInfra.get();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String conversation = "rebuild-" + id;
        // In transactions of 100, as the topology writes the log: each leaves a commit marker after its records.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "rebuild-it-" + id),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            for (int seq = 1; seq <= MESSAGES; seq++) {
                if (seq % 100 == 1) {
                    producer.beginTransaction();
                }
                Message m = new Message(conversation, seq, "m-" + seq, "u1", "c-" + seq, "body " + seq,
                        Instant.parse("2026-12-02T10:00:00Z").plusMillis(seq));
                producer.send(new ProducerRecord<>(Topics.MESSAGES.name(), conversation.getBytes(StandardCharsets.UTF_8),
                        Topics.MESSAGES.valueSerde().serializer().serialize(Topics.MESSAGES.name(), m)));
                if (seq % 100 == 0 || seq == MESSAGES) {
                    producer.commitTransaction();
                }
            }
        }
        String keyspace = "rebuild_" + id;
        Ops.applyCqlSchema(infra.cqlContactPoint(), infra.localDatacenter(), keyspace, Ops.LOCAL_REPLICATION);
        Settings settings = Settings.of(Map.of("kafka.bootstrap-servers", infra.kafkaBootstrap(),
                "cql.contact-points", infra.cqlContactPoint(), "cql.local-datacenter", infra.localDatacenter(),
                "cql.keyspace", keyspace, "sinks.history.group-id", "it-rebuild-" + id,
                "sinks.max-poll-records", "100", "sinks.poll-timeout", "100ms"));
        SinksConfig config = SinksConfig.from(settings);
        settings.validate();

        Rebuild.Result first;
        try (Rebuild rebuild = Rebuild.open(config, Clock.systemUTC())) {
            first = rebuild.run(new StopAfterFirstBatch(rebuild));
        }
        assertThat(first.complete()).isFalse();

        AtomicReference<List<Rebuild.Span>> resumedFrom = new AtomicReference<>();
        Rebuild.Result second;
        try (Rebuild rebuild = Rebuild.open(config, Clock.systemUTC())) {
            second = rebuild.run(new Rebuild.Progress() {
                @Override
                public void started(List<Rebuild.Span> spans) {
                    resumedFrom.set(spans);
                }

                @Override
                public void advanced(Map<TopicPartition, Long> positions) {
                }
            });
        }
        assertThat(second.complete()).isTrue();
        // Where the first run stopped, not the start of the log: the messages partition it had begun.
        assertThat(resumedFrom.get()).anySatisfy(s -> {
            assertThat(s.partition().topic()).isEqualTo(Topics.MESSAGES.name());
            assertThat(s.from()).isPositive();
        });

        // Committed past the last commit marker: a run now has nothing left, and the group's lag is 0.
        try (Rebuild rebuild = Rebuild.open(config, Clock.systemUTC())) {
            assertThat(rebuild.plan()).allSatisfy(span -> assertThat(span.from()).as(span.partition().toString())
                    .isEqualTo(span.to()));
        }

        try (CqlSession cql = CqlSessions.open(config)) {
            long rows = 0;
            for (long bucket = 0; bucket <= MESSAGES / 1000; bucket++) {
                rows += cql.execute("SELECT count(*) FROM messages WHERE conversation_id = ? AND bucket = ?",
                        conversation, bucket).one().getLong(0);
            }
            assertThat(rows).isEqualTo(MESSAGES);
            assertThat(cql.execute("SELECT last_seq FROM conversation_state WHERE conversation_id = ?", conversation)
                    .one().getLong(0) / 1000).isEqualTo(MESSAGES / 1000);
        }
    }

    /** Stops the run once some records of the messages topic are done: Ctrl-C in the middle. */
    private record StopAfterFirstBatch(Rebuild rebuild) implements Rebuild.Progress {
        @Override
        public void started(List<Rebuild.Span> spans) {
        }

        @Override
        public void advanced(Map<TopicPartition, Long> positions) {
            boolean someDone = positions.entrySet().stream()
                    .anyMatch(e -> e.getKey().topic().equals(Topics.MESSAGES.name()) && e.getValue() > 0);
            if (someDone) {
                rebuild.stop();
            }
        }
    }
}
