package dev.parley.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * JFR recordings of Parley's own services and the Kafka broker during one load step ({@code jcmd JFR.start} with the
 * {@code profile} settings), and for each the summaries an engineer reads first
 * ({@code jfr view hot-methods}, {@code allocation-by-class}, {@code gc}), written next to it.
 */
public final class Profiler {
    /**
     * Recording name → a fragment of the process's command line; the broker and Cassandra too, whose
     * costs dominate at low rates and in a connect storm (Cassandra's JDK 17 takes this JDK's jcmd).
     */
    private static final Map<String, String> SERVICES = Map.of("edge", "parley-edge-", "streams-topology",
            "parley-streams-topology-", "sinks", "parley-sinks-", "kafka", "kafka.Kafka", "cassandra", "CassandraDaemon");

    private Profiler() {
    }

    /** Starts a recording of {@code length} on each service found; they write into {@code dir} when done. */
    public static void start(Path dir, Duration length) throws IOException {
        Files.createDirectories(dir);
        for (String s : SERVICES.keySet()) {
            ProcStats.child(SERVICES.get(s)).ifPresent(p -> ProcStats.jcmd(p.pid(), "JFR.start name=bench settings=profile duration="
                    + length.toSeconds() + "s filename=" + dir.resolve(s + ".jfr").toAbsolutePath()));
        }
    }

    /** Ends the recordings {@link #start} began before their length is up; each is written to its file. */
    public static void stop(Path dir) {
        for (String s : SERVICES.keySet()) {
            ProcStats.child(SERVICES.get(s)).ifPresent(p -> ProcStats.jcmd(p.pid(), "JFR.stop name=bench"));
        }
    }

    /** After the recordings ended: the summaries of each, as text files beside it. */
    public static void summarise(Path dir) {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        for (String s : SERVICES.keySet()) {
            Path file = dir.resolve(s + ".jfr");
            if (!Files.exists(file)) {
                continue;
            }
            for (String view : List.of("hot-methods", "allocation-by-class", "gc", "contention-by-site",
                    "thread-cpu-load", "compiler-statistics")) {
                try {
                    Process p = new ProcessBuilder(jfr.toString(), "view", "--width", "200", view, file.toString())
                            .redirectErrorStream(true).start();
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    p.waitFor(120, TimeUnit.SECONDS);
                    Files.writeString(dir.resolve(s + "." + view + ".txt"), out);
                } catch (IOException e) {
                    // a summary is a convenience; the recording itself is what matters
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
