package dev.parley.devstack.deploy;

import static dev.parley.devstack.deploy.DockerfileTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compose itself validates the compose files (Debian's docker-compose needs no engine for
 * {@code config}; {@code ./parley test} installs it): the base file alone and with the cluster
 * override, with and without .env.example, and without a single warning (an unset variable, an
 * unknown key).
 */
class ComposeConfigIT {

    @ParameterizedTest
    @ValueSource(strings = {"base", "base+cluster", "base+env", "base+cluster+env"})
    void composeAcceptsTheFilesWithoutAWarning(String variant) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--project-name", "parley"));
        if (variant.endsWith("+env")) {
            command.addAll(List.of("--env-file", HOME.resolve("compose/.env.example").toString()));
        }
        command.addAll(List.of("-f", HOME.resolve("compose/docker-compose.yml").toString()));
        if (variant.contains("cluster")) {
            command.addAll(List.of("-f", HOME.resolve("compose/cluster.yml").toString()));
        }
        command.addAll(List.of("config", "--quiet"));
        Process p = start(command);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as(String.join(" ", command)).isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    private static Process start(List<String> command) throws IOException {
        try {
            return new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("docker-compose is needed to validate compose/ (./parley test installs Debian's "
                    + "docker-compose; or: apt-get install docker-compose): " + e.getMessage(), e);
        }
    }
}
