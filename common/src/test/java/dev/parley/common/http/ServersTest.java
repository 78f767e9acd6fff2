package dev.parley.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A web server whose port is taken fails its start instead of running without a listener. */
class ServersTest {

    @Test
    void aServerWhosePortIsTakenThrowsInsteadOfReportingPortMinusOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WebServer server = WebServer.builder().host("127.0.0.1").port(taken.getLocalPort()).shutdownHook(false)
                    .routing(r -> r.get("/", (req, res) -> res.send("hi"))).build();
            assertThatThrownBy(() -> Servers.start(server, "edge http"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("edge http did not start listening");
            assertThat(server.isRunning()).isFalse();
        }
    }

    @Test
    void aServerThatListensIsReturnedRunning() {
        WebServer server = Servers.start(WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> r.get("/", (req, res) -> res.send("hi"))).build(), "auth http");
        try {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.port()).isPositive();
        } finally {
            server.stop();
        }
    }
}
