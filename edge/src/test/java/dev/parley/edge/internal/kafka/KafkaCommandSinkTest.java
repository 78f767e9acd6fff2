package dev.parley.edge.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.edge.EdgeConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
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
}
