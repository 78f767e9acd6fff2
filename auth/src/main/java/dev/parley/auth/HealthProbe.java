package dev.parley.auth;

/** Tells whether the service's database answers; backs {@code GET /health}. */
@FunctionalInterface
public interface HealthProbe {
    /** @return true when the database answered a trivial query in time; never throws */
    boolean databaseUp();
}
