package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A short serde run: every operation of a message is timed and counted once, and the report adds them up. */
class SerdeBenchTest {

    @Test
    void everyOperationOfAMessageIsTimedAndTheSumsAddUp() {
        ObjectNode r = SerdeBench.run(100, 3, 50);

        assertThat(r.path("ops")).hasSize(11);
        double sum = 0;
        for (JsonNode op : r.path("ops")) {
            assertThat(op.path("ns").asDouble()).isPositive();
            assertThat(op.path("ns_min").asDouble()).isLessThanOrEqualTo(op.path("ns").asDouble());
            assertThat(op.path("ns_max").asDouble()).isGreaterThanOrEqualTo(op.path("ns").asDouble());
            assertThat(op.path("bytes_allocated").asLong()).isPositive();
            sum += op.path("ns").asDouble();
        }
        double hops = 0;
        for (JsonNode hop : r.path("per_hop")) {
            hops += hop.path("ns").asDouble();
        }
        assertThat(r.path("per_hop").properties()).extracting(e -> e.getKey()).containsExactly("edge", "topology", "sinks");
        assertThat(hops).isCloseTo(sum, offset(1.0));
        assertThat(r.path("per_message_ns").asDouble()).isCloseTo(sum, offset(1.0));

        String md = SerdeBench.markdown(r);
        assertThat(md).contains("| topology | read the command |", "| **all** | per message |",
                "after 100 warm-up rounds; median of 3 rounds of 50");
    }
}
