package dev.parley.edge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.Settings;
import dev.parley.common.event.Command;
import dev.parley.common.event.Origin;
import dev.parley.common.event.ReadCommand;
import dev.parley.common.event.SendCommand;
import dev.parley.common.event.TypingCommand;
import dev.parley.common.kafka.TraceHeader;
import dev.parley.common.topic.Topics;
import dev.parley.edge.EdgeConfig;
import dev.parley.edge.ProducerLinger;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaCommandSinkTest {
    @Test
    void anEdgeStillStartsWhenKafkaCannotGiveItsMetadata() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        EdgeConfig config = EdgeConfig.from(Settings.of(Map.of("kafka.bootstrap-servers", "127.0.0.1:" + port,
                "edge.kafka.delivery-timeout", "1s")));
        // The metadata fetch before the first client times out; that is logged, not fatal.
        try (KafkaCommandSink sink = KafkaCommandSink.create(config)) {
            assertThat(sink.deadLetters()).isNotNull();
        }
    }

    @Test
    void refusedCredentialsFailTheStartWhileAnUnreachableKafkaDoesNot() {
        MockProducer<byte[], byte[]> refused = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        refused.partitionsForException = new SaslAuthenticationException("Authentication failed during authentication"
                + " due to invalid credentials with SASL mechanism SCRAM-SHA-512");
        assertThatThrownBy(() -> KafkaCommandSink.fetchMetadata(refused)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Kafka refused this node's credentials").hasMessageContaining("kafka.sasl-*");
        MockProducer<byte[], byte[]> down = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        down.partitionsForException = new org.apache.kafka.common.errors.TimeoutException("no metadata");
        KafkaCommandSink.fetchMetadata(down);
    }

    /** The topology sequences a conversation where its commands arrive: every kind is keyed by it. */
    @Test
    void everyCommandGoesToCommandsV2KeyedByItsConversationAtItsReceivedAt() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        Origin origin = new Origin("edge-1", "s1");
        Instant at = Instant.parse("2030-01-01T00:00:01.234Z");
        List<Command> commands = List.of(
                new SendCommand("alice", "conv-send", "c1", "m1", "hi", origin, at),
                new ReadCommand("alice", "conv-read", 7, origin, at.plusMillis(1)),
                new TypingCommand("alice", "conv-typing", origin, at.plusMillis(2)));
        try (KafkaCommandSink sink = new KafkaCommandSink(producer)) {
            commands.forEach(c -> sink.send(c).toCompletableFuture().join());
        }
        assertThat(producer.history()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ProducerRecord<byte[], byte[]> r = producer.history().get(i);
            Command c = commands.get(i);
            assertThat(r.topic()).isEqualTo("parley.commands.v2");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(c.conversationId());
            assertThat(r.timestamp()).isEqualTo(c.receivedAt().toEpochMilli());
            assertThat(Topics.COMMANDS_V2.valueSerde().deserializer().deserialize(r.topic(), r.value())).isEqualTo(c);
        }
    }

    @Test
    void aTracedCommandCarriesItsTraceparentHeaderAndAnUntracedOneNone() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        TypingCommand command = new TypingCommand("alice", "k", new Origin("edge-1", "s1"), Instant.EPOCH);
        try (KafkaCommandSink sink = new KafkaCommandSink(producer)) {
            sink.send(command, traceparent).toCompletableFuture().join();
            sink.send(command).toCompletableFuture().join();
        }
        assertThat(producer.history()).hasSize(2);
        ProducerRecord<byte[], byte[]> traced = producer.history().get(0);
        assertThat(traced.topic()).isEqualTo(Topics.COMMANDS_V2.name());
        assertThat(TraceHeader.get(traced.headers())).isEqualTo(traceparent);
        assertThat(traced.headers().headers("traceparent")).hasSize(1);
        assertThat(TraceHeader.get(producer.history().get(1).headers())).isNull();
    }

    /**
     * A quiet node's send is not held for the producer's busy linger: the pacer's release, due
     * after the quiet linger, flushes the producer, which completes the send.
     */
    @Test
    void aQuietNodesSendIsReleasedByTheFlushAfterTheQuietLinger() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer()); // completes a send only when told to, or on flush
        List<java.time.Duration> delays = new java.util.ArrayList<>();
        List<Runnable> due = new java.util.ArrayList<>();
        ProducerLinger linger = new ProducerLinger(java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20), 400);
        TypingCommand command = new TypingCommand("alice", "k", new Origin("edge-1", "s1"), Instant.EPOCH);
        try (KafkaCommandSink sink = new KafkaCommandSink(producer, linger, (delay, task) -> {
            delays.add(delay);
            due.add(task);
        })) {
            var acked = sink.send(command).toCompletableFuture();
            assertThat(acked).as("held by the producer's linger").isNotDone();
            assertThat(delays).containsExactly(java.time.Duration.ofMillis(5));

            due.removeFirst().run();

            assertThat(acked).isCompleted();
            assertThat(producer.history()).hasSize(1);
        }
    }
}
