package dev.parley.testkit.containers;

import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import dev.parley.testkit.infra.TestInfraProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;

/**
 * {@code parley.infra=containers}, registered for {@link java.util.ServiceLoader} in
 * META-INF/services. Without a Docker engine the tests are skipped: most machines that build
 * Parley (CI among them) have none, and local processes are the default there.
 */
public final class ContainersProvider implements TestInfraProvider {
    @Override
    public String name() {
        return RealInfra.CONTAINERS;
    }

    @Override
    public Optional<String> unavailable() {
        // Without an engine Testcontainers logs a dozen lines of strategies it tried; the one line
        // RealInfra prints says the same, so its loggers are muted for the probe (slf4j-jdk14).
        Logger testcontainers = Logger.getLogger("org.testcontainers");
        Level before = testcontainers.getLevel();
        testcontainers.setLevel(Level.OFF);
        try {
            DockerClientFactory.instance().client();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("no Docker engine found (" + whereLooked() + ")");
        } finally {
            testcontainers.setLevel(before);
        }
    }

    /** Testcontainers tries DOCKER_HOST, then the default socket (and a few rarer places). */
    private static String whereLooked() {
        String host = System.getenv("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            return "DOCKER_HOST=" + host;
        }
        Path socket = Path.of("/var/run/docker.sock");
        return "DOCKER_HOST unset, " + socket + (Files.exists(socket) ? " does not answer" : " does not exist");
    }

    @Override
    public TestInfra start() {
        return Containers.start();
    }
}
