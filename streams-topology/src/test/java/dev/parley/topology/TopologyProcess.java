package dev.parley.topology;

import dev.parley.infra.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One topology instance run as the service is deployed: {@code java -jar} of the built jar in a
 * child JVM, configured by environment. Its output goes to a log file; {@link #start} returns once
 * the {@code READY topology} line appears. Every instance still alive when the test JVM exits is
 * killed by a shutdown hook, so a failed test leaves no process behind.
 */
final class TopologyProcess implements AutoCloseable {
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "topology-process-reaper"));
    }

    private final String name;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;

    /** @param env the {@code PARLEY_*} variables of this instance */
    TopologyProcess(String name, Map<String, String> env, Path logDir) {
        this.name = name;
        this.env = Map.copyOf(env);
        this.log = logDir.resolve(name + ".log");
    }

    /** The runnable jar that {@code package} built (failsafe runs after it); its libs/ is beside it. */
    static Path jar() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("target").toAbsolutePath(),
                "parley-streams-topology-*.jar")) {
            for (Path p : ds) {
                if (!p.getFileName().toString().matches(".*-(sources|tests|javadoc)\\.jar")) {
                    return p;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list target/: " + e.getMessage(), e);
        }
        throw new IllegalStateException("no target/parley-streams-topology-*.jar: run mvn package first");
    }

    /**
     * Starts the JVM and waits for its READY line.
     *
     * @return how long it took from starting the JVM to READY
     */
    Duration start(Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(ChildJvm.options());
        command.addAll(List.of("-jar", jar().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        // Several instances share this host: each takes any free observe port unless the test names one.
        pb.environment().put("PARLEY_OBSERVE_PORT", "0");
        pb.environment().putAll(env);
        CountDownLatch ready = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Process p = pb.start();
        process = p;
        LIVE.add(p);
        Thread.ofPlatform().daemon().name("log-" + name).start(() -> copyOutput(p, ready));
        long deadline = t0 + timeout.toNanos();
        while (!ready.await(50, TimeUnit.MILLISECONDS)) {
            if (!p.isAlive()) {
                throw new IllegalStateException(name + " exited with " + p.exitValue() + " before READY; log " + log);
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException(name + " not READY within " + timeout + "; log " + log);
            }
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private void copyOutput(Process p, CountDownLatch ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            out.println("---- started pid " + p.pid());
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                if (line.startsWith("READY topology")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process is gone; its exit is noticed by the caller
        }
    }

    /** SIGKILL: no shutdown hook runs, the instance does not leave the group, its transaction stays open. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        LIVE.remove(p);
    }

    /**
     * SIGTERM: the service closes Kafka Streams and leaves the group.
     *
     * @return how long the JVM took to exit
     */
    Duration stop() throws InterruptedException {
        Process p = process;
        long t0 = System.nanoTime();
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + " did not exit within 60 s of SIGTERM; log " + log);
            }
        }
        LIVE.remove(p);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    boolean isAlive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            stop();
        }
    }
}
