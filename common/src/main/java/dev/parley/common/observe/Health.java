package dev.parley.common.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's liveness and readiness: named {@link HealthCheck}s, all of which must be up.
 * Liveness says the process can make progress (a restart would help if not); readiness says it
 * can serve now (its dependencies are reachable, its state is restored). The JSON has the shape of
 * Helidon's and MicroProfile's health endpoints: {@code {"status":"UP","checks":[...]}}.
 */
public final class Health {
    private final Map<String, HealthCheck> liveness = new ConcurrentHashMap<>();
    private final Map<String, HealthCheck> readiness = new ConcurrentHashMap<>();

    /** Adds (or replaces) a liveness check. */
    public Health live(String name, HealthCheck check) {
        liveness.put(name, check);
        return this;
    }

    /** Adds (or replaces) a readiness check. */
    public Health ready(String name, HealthCheck check) {
        readiness.put(name, check);
        return this;
    }

    /** The outcome of one set of checks. */
    public record Report(boolean up, Map<String, HealthCheck.Result> checks) {
        /** The JSON body: {@code status}, then one entry per check in name order. */
        public Map<String, Object> json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("checks", checks.entrySet().stream().map(e -> e.getValue().json(e.getKey())).toList());
            return body;
        }
    }

    public Report live() {
        return run(liveness);
    }

    /** Readiness includes liveness: a process that is not live is not ready either. */
    public Report ready() {
        Map<String, HealthCheck> all = new LinkedHashMap<>(liveness);
        all.putAll(readiness);
        return run(all);
    }

    private static Report run(Map<String, HealthCheck> checks) {
        Map<String, HealthCheck.Result> results = new java.util.TreeMap<>();
        for (String name : List.copyOf(checks.keySet())) {
            HealthCheck.Result r;
            try {
                r = checks.get(name).check();
            } catch (RuntimeException e) {
                r = HealthCheck.Result.down("check failed: " + e);
            }
            results.put(name, r);
        }
        return new Report(results.values().stream().allMatch(HealthCheck.Result::up), results);
    }
}
