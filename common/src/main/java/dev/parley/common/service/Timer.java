package dev.parley.common.service;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay: a service's scheduler in production; tests collect what is scheduled
 * and run it by hand, so nothing time-based in a test waits for a clock.
 */
@FunctionalInterface
public interface Timer {
    void schedule(Duration delay, Runnable task);

    static Timer of(ScheduledExecutorService scheduler) {
        return (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
