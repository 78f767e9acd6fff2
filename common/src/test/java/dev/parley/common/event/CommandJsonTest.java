package dev.parley.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.frame.AckFrame;
import dev.parley.common.json.JsonSerde;
import dev.parley.common.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CommandJsonTest {
    private static final Instant T = Instant.parse("2026-11-21T10:15:30Z");
    private static final Origin O = new Origin("edge-1", "s-1");

    @Test
    void commandsRoundTripThroughTheTopicSerde() {
        JsonSerde<Command> serde = (JsonSerde<Command>) Topics.COMMANDS.valueSerde();
        List<Command> commands = List.of(new SendCommand("u", "c", "cm", "m", "body", O, T),
                new ReadCommand("u", "c", 5, O, T), new TypingCommand("u", "c", O, T));
        for (Command c : commands) {
            byte[] bytes = serde.serializer().serialize("t", c);
            assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(c);
        }
    }

    @Test
    void repliesAndDeliveriesCarryTheirFrames() {
        Reply reply = new Reply(O, "u", new AckFrame("cm", "c", 1, "m", T));
        var serde = Topics.REPLIES.valueSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", reply))).isEqualTo(reply);
    }

    @Test
    void garbageIsASerializationExceptionForTheDeadLetterHandler() {
        var d = Topics.COMMANDS.valueSerde().deserializer();
        assertThatThrownBy(() -> d.deserialize("t", "{not json".getBytes())).isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> d.deserialize("t", "{\"kind\":\"nope\"}".getBytes()))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void timesAreKeptToTheMillisecondLikeKafkaAndCql() {
        Instant precise = Instant.parse("2026-11-21T10:15:30.123456789Z");
        Instant millis = Instant.parse("2026-11-21T10:15:30.123Z");
        assertThat(new SendCommand("u", "c", "cm", "m", "b", O, precise).receivedAt()).isEqualTo(millis);
        assertThat(new Message("c", 1, "m", "u", "cm", "b", precise).sentAt()).isEqualTo(millis);
    }

    @Test
    void historyBucketsHoldAThousandMessages() {
        assertThat(MessageBuckets.of(1)).isZero();
        assertThat(MessageBuckets.of(999)).isZero();
        assertThat(MessageBuckets.of(1000)).isEqualTo(1);
    }
}
