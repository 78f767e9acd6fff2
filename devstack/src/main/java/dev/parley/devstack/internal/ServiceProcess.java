package dev.parley.devstack.internal;

import dev.parley.infra.AotCache;
import dev.parley.infra.ChildJvm;
import dev.parley.infra.InfraException;
import dev.parley.infra.Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Parley's services run as a child JVM: stdout and stderr appended to its log file, ready
 * once the {@code READY} line appears there. Can be stopped and started again (restart tests).
 */
public final class ServiceProcess implements Server {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration GRACE = Duration.ofSeconds(20);
    /** A training JVM assembles its AOT cache in a child JVM at exit: seconds more on a busy machine. */
    private static final Duration TRAINING_GRACE = Duration.ofSeconds(60);

    private final ServiceSpec spec;
    private final String java;
    private final Path jar;
    private final List<String> command;
    private final Path workDir;
    private final Path log;
    private final Duration readyTimeout;
    private final InstantSource clock;
    private final AotCache aot;
    private volatile AotCache.Use aotUse = AotCache.Use.OFF;
    private volatile Process process;
    private volatile URI observeUrl;

    /**
     * @param java the java launcher (the running JVM's, so services run on the same JDK)
     * @param jar  the service's runnable jar (its libs/ folder beside it)
     * @param aot  the stack's AOT caches, shared by every process of every service
     */
    public ServiceProcess(ServiceSpec spec, String java, Path jar, Path workDir, Path log,
            Duration readyTimeout, InstantSource clock, AotCache aot) {
        this.spec = spec;
        this.java = java;
        this.jar = jar;
        this.command = command(java, jar, Runtime.version().feature());
        this.workDir = workDir;
        this.log = log;
        this.readyTimeout = readyTimeout;
        this.clock = clock;
        this.aot = aot;
    }

    /**
     * The service's JVM is the launcher's, so its version is known: on 22+ the flags that let the
     * drivers' native and Unsafe use through silence the JDK's warnings in the service logs.
     */
    static List<String> command(String java, Path jar, int javaFeature) {
        List<String> c = new ArrayList<>(List.of(java, "-Xmx384m"));
        c.addAll(ChildJvm.options());
        if (javaFeature >= 22) {
            c.add("--enable-native-access=ALL-UNNAMED");
        }
        if (javaFeature >= 24) {
            c.add("--sun-misc-unsafe-memory-access=allow");
        }
        c.addAll(List.of("-jar", jar.toString()));
        return List.copyOf(c);
    }

    /** Another process of the same jar with {@code spec} (a further instance), logging to {@code log}. */
    public ServiceProcess another(ServiceSpec spec, Path log) {
        return new ServiceProcess(spec, java, jar, workDir, log, readyTimeout, clock, aot);
    }

    @Override
    public String name() {
        return spec.name();
    }

    public ServiceSpec spec() {
        return spec;
    }

    public Path log() {
        return log;
    }

    @Override
    public AotCache.Use aotUse() {
        return aotUse;
    }

    /**
     * Where its health and metrics server listens ({@code http://host:port}), as its last READY line
     * said ({@code observe=host:port}); null before it was ready or when the line does not say.
     */
    public URI observeUrl() {
        return observeUrl;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long offset;
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(workDir);
            offset = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new InfraException(name() + ": cannot write its log " + log + ": " + e.getMessage());
        }
        releaseAot(); // a process that died without stop()
        aotUse = aot.next(spec.module(), jar);
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(1, aot.options(spec.module(), aotUse));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(spec.environment());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new InfraException(name() + ": cannot run " + command.get(0) + ": " + e.getMessage());
        }
        awaitReady(process, offset);
    }

    private void awaitReady(Process p, long offset) {
        LogTail tail = new LogTail(log, offset);
        Instant deadline = clock.instant().plus(readyTimeout);
        String last = null;
        try {
            while (true) {
                boolean alive = p.isAlive();
                for (String line : tail.newLines()) {
                    switch (StartupLine.of(line)) {
                        case READY -> {
                            observeUrl = StartupLine.observeUrl(line);
                            awaitHealthy(p, deadline);
                            return;
                        }
                        case FATAL -> {
                            stop();
                            throw new InfraException(line + " (log: " + log + ")");
                        }
                        case CRASH -> {
                            stop();
                            throw new InfraException(name() + " crashed while starting: " + line + " (log: " + log + ")");
                        }
                        case OTHER -> last = line.isBlank() ? last : line;
                    }
                }
                if (!alive) {
                    throw new InfraException(name() + " exited with status " + p.exitValue()
                            + " before it was ready" + (last == null ? "" : ": " + last) + " (log: " + log + ")");
                }
                if (clock.instant().isAfter(deadline)) {
                    stop();
                    throw new InfraException(name() + " was not ready within " + readyTimeout.toSeconds()
                            + " s (log: " + log + ")");
                }
                Thread.sleep(POLL);
            }
        } catch (IOException e) {
            stop();
            throw new InfraException(name() + ": cannot read its log " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            throw new InfraException(name() + ": interrupted while starting");
        }
    }

    /**
     * After READY, what an orchestrator would wait for: {@code /health/ready} answering 200. A
     * service whose READY line names no observe server (an older build) counts as ready.
     */
    private void awaitHealthy(Process p, Instant deadline) throws InterruptedException {
        URI url = observeUrl;
        if (url == null) {
            return;
        }
        URI ready = URI.create(url + "/health/ready");
        String last = "no answer";
        try (HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build()) {
            while (p.isAlive()) {
                try {
                    var res = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (res.statusCode() == 200) {
                        return;
                    }
                    last = res.statusCode() + " " + res.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                if (clock.instant().isAfter(deadline)) {
                    stop();
                    throw new InfraException(name() + " said READY but " + ready + " did not answer 200 within "
                            + readyTimeout.toSeconds() + " s: " + last + " (log: " + log + ")");
                }
                Thread.sleep(POLL);
            }
        }
        throw new InfraException(name() + " exited with status " + p.exitValue() + " after READY (log: " + log + ")");
    }

    @Override
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** SIGKILL: the process dies at once, as in a crash (no shutdown hook runs). */
    public void kill() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseAot();
    }

    /** SIGTERM (the service's shutdown hook runs), then SIGKILL after a grace period. */
    @Override
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        Duration grace = aotUse == AotCache.Use.TRAIN ? TRAINING_GRACE : GRACE;
        try {
            if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        releaseAot();
    }

    /** Once per process: a training slot held twice would be freed under another process that took it since. */
    private synchronized void releaseAot() {
        aot.ended(spec.module(), aotUse);
        aotUse = AotCache.Use.OFF;
    }
}
