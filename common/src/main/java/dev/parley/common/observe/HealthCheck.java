package dev.parley.common.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One named check behind {@code /health/ready} (or {@code /health/live}). A check must answer
 * quickly and never throw: a probe that talks to a dependency is wrapped in {@link #cached} so a
 * burst of scrapes costs one round trip.
 */
@FunctionalInterface
public interface HealthCheck {

    /** What a check found; {@code detail} says why, for the person reading the JSON. */
    record Result(boolean up, String detail) {
        public static Result up(String detail) {
            return new Result(true, detail);
        }

        public static Result down(String detail) {
            return new Result(false, detail);
        }

        Map<String, Object> json(String name) {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("name", name);
            json.put("status", up ? "UP" : "DOWN");
            json.put("detail", detail);
            return json;
        }
    }

    Result check();

    /**
     * A probe that talks to a dependency: up when {@code probe} returns, down with the failure
     * otherwise; its answer is kept for {@code ttl} so readiness never queues probes.
     */
    static HealthCheck cached(Callable<?> probe, Duration ttl, Clock clock) {
        return new HealthCheck() {
            private Result last;
            private Instant at = Instant.MIN;

            @Override
            public synchronized Result check() {
                if (last == null || !clock.instant().isBefore(at.plus(ttl))) {
                    last = probe(probe);
                    at = clock.instant(); // after the probe: one slower than the ttl is still reused
                }
                return last;
            }
        };
    }

    private static Result probe(Callable<?> probe) {
        try {
            Object answer = probe.call();
            return Result.up(answer == null ? "reachable" : String.valueOf(answer));
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Result.down(why.length() > 200 ? why.substring(0, 200) : why);
        }
    }
}
