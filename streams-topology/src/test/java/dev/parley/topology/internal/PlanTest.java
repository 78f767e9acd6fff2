package dev.parley.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.event.Delivery;
import dev.parley.common.frame.TypingFrame;
import java.util.Collections;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Outputs are encoded while planning, so what a sink could not write fails before anything is stored. */
class PlanTest {
    @Test
    void aValueJsonRefusesToWriteFailsWhilePlanning() {
        Plan plan = new Plan();
        Record<String, Object> bad = new Record<>("c", new TypingFrame("c", "x\ud800"), 0L);
        assertThatThrownBy(() -> plan.emit("sink", bad)).hasMessageContaining("TypingFrame");
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        plan.apply(context);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aKeyTheStringSerialiserWouldMangleFailsWhilePlanning() {
        assertThatThrownBy(() -> new Plan().emit("sink", new Record<>("c\udc00", "v", 0L)))
                .hasMessageContaining("output key");
    }

    @Test
    void aRecordTooLargeForTheProducerFailsWhilePlanning() {
        Delivery huge = new Delivery("c", Collections.nCopies(1000, "u".repeat(1000)), new TypingFrame("c", "u"));
        assertThatThrownBy(() -> new Plan().emit("sink", new Record<>("c", huge, 0L)))
                .hasMessageContaining("exceeds");
    }

    @Test
    void applyWritesFirstThenForwardsTheEncodedValues() {
        MockProcessorContext<String, byte[]> context = new MockProcessorContext<>();
        StringBuilder order = new StringBuilder();
        Plan plan = new Plan().emit("sink", new Record<>("c", new TypingFrame("c", "u"), 0L))
                .write(() -> order.append("write;"));
        plan.apply(context);
        assertThat(order).hasToString("write;");
        assertThat(new String(context.forwarded("sink").getFirst().record().value()))
                .isEqualTo("{\"type\":\"typing\",\"conversationId\":\"c\",\"userId\":\"u\"}");
    }
}
