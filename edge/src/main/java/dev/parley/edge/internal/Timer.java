package dev.parley.edge.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs a task after a delay: the edge's scheduler in production; tests run what is due by hand. */
@FunctionalInterface
public interface Timer {
    void schedule(Duration delay, Runnable task);

    static Timer of(ScheduledExecutorService scheduler) {
        return (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
