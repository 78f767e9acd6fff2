package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
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

    @Test
    void aPortReservedElsewhereIsNotHandedOutAndOneHandedOutStaysReserved() throws Exception {
        int port = 31_999; // the top of the range: the test holds its reservation as another JVM would
        Files.createDirectories(Ports.reservation(port).getParent());
        try (FileChannel other = FileChannel.open(Ports.reservation(port), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = other.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // this JVM handed the port out already
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(lock != null, "port " + port + " is reserved already");
            assertThat(Ports.reserve(port)).isFalse();
            lock.release();
            assertThat(Ports.reserve(port)).isTrue();
        }
        int handedOut = Ports.free();
        try (FileChannel other = FileChannel.open(Ports.reservation(handedOut), StandardOpenOption.WRITE)) {
            assertThatThrownBy(other::tryLock).as("this JVM holds it")
                    .isInstanceOf(java.nio.channels.OverlappingFileLockException.class);
        }
    }
}
