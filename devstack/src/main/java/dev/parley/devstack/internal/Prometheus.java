package dev.parley.devstack.internal;

import dev.parley.infra.InfraException;
import dev.parley.infra.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code parley up --observe}: Debian's Prometheus ({@code /usr/bin/prometheus}) scraping every
 * service's {@code /metrics} every 5 s, on loopback, its data under the stack's data dir. Grafana
 * is not in Debian's packages; its dashboard (docs/grafana) works against this Prometheus.
 */
public final class Prometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI url;

    private Prometheus(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** The scrape configuration: one job, a target per service (name to {@code host:port}). */
    static String config(Map<String, String> targets) {
        StringBuilder yml = new StringBuilder("""
                # Written by parley up --observe; rewritten at every start.
                global:
                  scrape_interval: 5s
                  evaluation_interval: 5s
                scrape_configs:
                  - job_name: parley
                    static_configs:
                """);
        targets.forEach((name, address) -> yml.append("      - targets: ['").append(address)
                .append("']\n        labels:\n          parley_process: '").append(name).append("'\n"));
        return yml.toString();
    }

    /** Starts it and waits until it answers {@code /-/ready}. */
    public static Prometheus start(Path dataDir, Path log, Map<String, String> targets) {
        if (!Files.isExecutable(BINARY)) {
            throw new InfraException("--observe needs Prometheus (" + BINARY + "): apt-get install prometheus");
        }
        int port = Ports.free();
        Path dir = dataDir.resolve("prometheus");
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(log.getParent());
            Files.writeString(dir.resolve("prometheus.yml"), config(targets));
        } catch (IOException e) {
            throw new InfraException("cannot write the Prometheus config in " + dir + ": " + e.getMessage());
        }
        List<String> command = List.of(BINARY.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new InfraException("cannot run " + BINARY + ": " + e.getMessage());
        }
        Prometheus prometheus = new Prometheus(p, URI.create("http://127.0.0.1:" + port));
        prometheus.awaitReady(log);
        return prometheus;
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (HttpClient http = HttpClient.newHttpClient()) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                try {
                    var res = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (res.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
        throw new InfraException("Prometheus was not ready within " + READY_TIMEOUT.toSeconds() + " s (log: " + log + ")");
    }

    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
