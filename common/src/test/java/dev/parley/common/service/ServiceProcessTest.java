package dev.parley.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {
    @Test
    void aConfigExceptionBecomesOneLine() {
        assertThat(ServiceProcess.oneLine("invalid configuration:\n  a.port = 'x' is not a whole number\n  b is required"))
                .isEqualTo("invalid configuration: a.port = 'x' is not a whole number; b is required");
    }
}
