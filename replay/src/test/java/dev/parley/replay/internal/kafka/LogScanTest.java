package dev.parley.replay.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class LogScanTest {
    @Test
    void readerPropsReadCommittedRecordsOutsideAnyGroup() {
        Map<String, Object> given = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ConsumerConfig.GROUP_ID_CONFIG, "parley-sinks-history",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 42);

        Map<String, Object> props = LogScan.readerProps(given);

        assertThat(props).isEqualTo(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 42));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500); // a copy, free to change
        assertThat(given).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 42);
    }
}
