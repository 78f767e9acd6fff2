package dev.parley.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {
    @Test
    void aConfigExceptionBecomesOneLine() {
        assertThat(ServiceProcess.oneLine("invalid configuration:\n  a.port = 'x' is not a whole number\n  b is required"))
                .isEqualTo("invalid configuration: a.port = 'x' is not a whole number; b is required");
    }

    @Test
    void causesAreJoinedWithoutRepeats() {
        Exception e = new RuntimeException("cannot start", new IOException("connection refused",
                new IOException("connection refused")));
        assertThat(ServiceProcess.describe(e)).isEqualTo("cannot start: connection refused");
        assertThat(ServiceProcess.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
