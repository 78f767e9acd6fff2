package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void linesAreAlignedWithOneDecimal() {
        assertThat(Progress.line("kafka", "127.0.0.1:19092", "ready", Duration.ofMillis(4_149)))
                .isEqualTo("  kafka      127.0.0.1:19092   ready in 4.1 s");
    }

    @Test
    void summaryRowsAreAligned() {
        String table = new Summary().row("Kafka", "127.0.0.1:19092").row("PostgreSQL", "jdbc:x").render();
        assertThat(table).isEqualTo("""
                Parley is up.
                  Kafka       127.0.0.1:19092
                  PostgreSQL  jdbc:x
                """);
    }
}
