package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFileTest {

    @Test
    void aMarkerFromAnEarlierRunDoesNotCount(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("kafka.log");
        Files.writeString(f, "Kafka Server started\n");
        LogFile log = new LogFile(f);
        log.markEnd();
        assertThat(log.containsAny(List.of("Kafka Server started"))).isFalse();
        Files.writeString(f, "booting\n[x] INFO Kafka Server started\n", StandardOpenOption.APPEND);
        assertThat(log.containsAny(List.of("Kafka Server started"))).isTrue();
    }

    @Test
    void aMissingFileIsEmpty(@TempDir Path dir) {
        LogFile log = new LogFile(dir.resolve("none.log"));
        log.markEnd();
        assertThat(log.sinceMark()).isEmpty();
        assertThat(log.lastProblem()).isEmpty();
    }

    @Test
    void theLastErrorLineIsTheProblem() {
        assertThat(LogFile.lastProblem("INFO a\nERROR first\nINFO b\nERROR [main] bind failed\nINFO c\n"))
                .isEqualTo("ERROR [main] bind failed");
        assertThat(LogFile.lastProblem("INFO all fine\n")).isEmpty();
        assertThat(LogFile.lastProblem("ERROR " + "x".repeat(500))).hasSize(243);
    }
}
