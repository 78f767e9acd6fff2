package dev.parley.replay.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT, SIGTERM) does while a long command runs: ask it to stop at its next safe
 * point, then let the JVM exit only once it has (its offsets committed, so it can resume). Tests
 * pass {@link #NONE}.
 */
public interface Hooks {
    /** The grace a stopping command gets before the JVM exits anyway. */
    Duration GRACE = Duration.ofSeconds(30);

    Hooks NONE = stop -> () -> { };

    /** Closing the registration means the command is done: an exit waiting for it proceeds. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    Registration onInterrupt(Runnable stop);

    /** The JVM's shutdown hooks. */
    static Hooks jvm() {
        return stop -> {
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.run();
                try {
                    finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "replay-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException exiting) {
                    // The hook is running: it returns now that the command is done.
                }
            };
        };
    }
}
