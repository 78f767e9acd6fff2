package dev.parley.common.observe;

import dev.parley.common.config.Settings;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A readiness check that holds a freshly started instance back until its JIT has compiled what its
 * work needs: up once, after the instance was {@code serving} for a whole {@link #WINDOW} in which
 * the JVM spent less than {@link #QUIET_MS_PER_SECOND} of compilation per second, or once it has been
 * serving for {@code maxWait} whatever the JIT does. Once up it stays up: it gates a start, and a
 * later burst of compilation is no reason to take an instance out of service.
 *
 * <p>Why: an instance that takes work without waiting for readiness (a Kafka Streams member gets its
 * tasks when it joins the group) compiles its hot paths while serving, for tens of seconds. A rolling
 * deploy that stops the next instance as soon as this one answers ready hands all the work to a JVM
 * that is still compiling: in the bench's rolling restart of the topology, the step that handed every
 * task to an instance restarted 20 s earlier paused conversations up to 23 s, the step that handed
 * them to a warm one up to 4.4 s (docs/performance.md). An instance that gets no work before it is
 * ready is quiet at once, so this costs it one window.
 *
 * <p>Measured on each call, over the time since the last window began: a probe every 100 ms and
 * one every 10 s judge the same way. Thread-safe.
 */
public final class JitWarmUp implements HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(JitWarmUp.class);
    /**
     * Compilation below this, in ms per second of wall time, is a JIT that is done with the hot
     * paths: a warm service compiles a few ms a second, one taking over work 100–500.
     */
    public static final long QUIET_MS_PER_SECOND = 50;
    /** How long the quiet must last. */
    public static final Duration WINDOW = Duration.ofSeconds(5);
    /**
     * The longest wait's default: in the bench's rolling restarts a JVM taking over work at 100 msgs/s
     * was rarely quiet sooner, and a deploy of two instances costs about a minute and a half more.
     */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(45);
    /** Past this an orchestrator's health check has given up on the instance long before. */
    public static final Duration LONGEST_MAX_WAIT = Duration.ofMinutes(5);

    private final InstantSource clock;
    private final LongSupplier compileMillis;
    private final BooleanSupplier serving;
    private final long maxWaitMs;
    private long servingSinceMs = -1;
    private long windowStartMs;
    private long windowStartCompileMs;
    private volatile boolean warm;

    /**
     * @param serving whether the instance is doing its work now (its other readiness conditions):
     *                while it is not, nothing is measured and the wait starts again
     * @param maxWait zero: no wait at all
     */
    public static HealthCheck of(InstantSource clock, BooleanSupplier serving, Duration maxWait) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (maxWait.isZero() || jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return () -> Result.up("not waited for");
        }
        return new JitWarmUp(clock, jit::getTotalCompilationTime, serving, maxWait);
    }

    /**
     * Reads a service's {@code <service>.warm-up-wait} key (default {@link #DEFAULT_MAX_WAIT}, {@code 0s}
     * for no wait, at most {@link #LONGEST_MAX_WAIT}), recording a problem in {@code settings} when out
     * of range: every service that waits reads and checks its key alike.
     */
    public static Duration maxWait(Settings settings, String key) {
        Duration wait = settings.duration(key, DEFAULT_MAX_WAIT);
        if (wait.compareTo(LONGEST_MAX_WAIT) > 0) {
            settings.problem(key + " must be at most 5m (an orchestrator's health check gives up long before)");
        }
        return wait;
    }

    JitWarmUp(InstantSource clock, LongSupplier compileMillis, BooleanSupplier serving, Duration maxWait) {
        this.clock = clock;
        this.compileMillis = compileMillis;
        this.serving = serving;
        this.maxWaitMs = maxWait.toMillis();
    }

    @Override
    public Result check() {
        if (warm) {
            return Result.up("warm");
        }
        return judge();
    }

    private synchronized Result judge() {
        if (warm) {
            return Result.up("warm");
        }
        long now = clock.millis();
        long compiled = compileMillis.getAsLong();
        if (!serving.getAsBoolean()) {
            servingSinceMs = -1;
            return Result.down("not serving yet");
        }
        if (servingSinceMs < 0) {
            servingSinceMs = now;
            windowStartMs = now;
            windowStartCompileMs = compiled;
            return Result.down("warming up: measuring the JIT");
        }
        long elapsed = now - windowStartMs;
        if (elapsed < WINDOW.toMillis()) {
            return now - servingSinceMs >= maxWaitMs ? warmNow(now, "after the longest wait")
                    : Result.down("warming up: measuring the JIT");
        }
        long perSecond = (compiled - windowStartCompileMs) * 1000 / elapsed;
        if (perSecond < QUIET_MS_PER_SECOND) {
            return warmNow(now, "JIT quiet (" + perSecond + " ms of compilation a second)");
        }
        if (now - servingSinceMs >= maxWaitMs) {
            return warmNow(now, "after the longest wait, still compiling " + perSecond + " ms a second");
        }
        windowStartMs = now;
        windowStartCompileMs = compiled;
        return Result.down("warming up: compiling " + perSecond + " ms a second");
    }

    private Result warmNow(long now, String why) {
        warm = true;
        LOG.info("warm {} s after it began serving: {}", (now - servingSinceMs) / 1000, why);
        return Result.up("warm");
    }
}
