package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void aMultiLineConfigProblemBecomesOneLine() {
        assertThat(Main.oneLine("invalid configuration:\n  a is wrong\n  b is wrong"))
                .isEqualTo("invalid configuration: a is wrong; b is wrong");
    }

    @Test
    void aOneLineMessageIsKept() {
        assertThat(Main.oneLine("port 8080 is in use")).isEqualTo("port 8080 is in use");
    }
}
