package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aFreePortCanBeBoundAndIsReportedFree() throws Exception {
        int port = Ports.free();
        assertThatCode(() -> Ports.requireFree(port, "Kafka")).doesNotThrowAnyException();
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(s.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomeoneListensOnIsTakenWithOneLineNamingItsUser() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = s.getLocalPort();
            assertThat(Ports.isListening(port)).isTrue();
            assertThatThrownBy(() -> Ports.requireFree(port, "Kafka"))
                    .isInstanceOf(InfraException.class)
                    .hasMessage("port " + port + " for Kafka is taken");
        }
    }

    @Test
    void outOfRangePortsAreRejected() {
        assertThatThrownBy(() -> Ports.requireFree(70000, "Redis"))
                .isInstanceOf(InfraException.class)
                .hasMessageContaining("not a valid TCP port");
    }
}
