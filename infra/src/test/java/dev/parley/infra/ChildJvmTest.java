package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChildJvmTest {
    @Test
    void unsetOrBlankAddsNothing() {
        assertThat(ChildJvm.parse(null)).isEmpty();
        assertThat(ChildJvm.parse("  ")).isEmpty();
    }

    @Test
    void optionsAreSplitOnWhitespaceInOrder() {
        assertThat(ChildJvm.parse(" -XX:TieredStopAtLevel=1   -Xshare:auto\t-Dx=y "))
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Dx=y");
    }

    @Test
    void aWordThatIsNotAnOptionIsRefused() {
        assertThatThrownBy(() -> ChildJvm.parse("-Xmx1g kafka.Kafka")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kafka.Kafka' is not a JVM option");
    }
}
