package dev.parley.testkit.infra;

import java.util.Optional;

/**
 * Another way to run the test infrastructure, found with {@link java.util.ServiceLoader} when
 * system property {@code parley.infra} names it. It lives in its own module (containers:
 * parley-testkit-containers) so that testkit, and every build that only runs local processes,
 * does without that module's dependencies.
 */
public interface TestInfraProvider {
    /** The value of {@code parley.infra} that selects this provider, e.g. {@code "containers"}. */
    String name();

    /**
     * Why this machine cannot run it (e.g. no Docker engine), or empty when it can. Must be quick
     * and start nothing: the tests are skipped with this reason rather than failed.
     */
    Optional<String> unavailable();

    /** Starts everything, applies topics.yaml and the CQL schema; called at most once per JVM. */
    TestInfra start();
}
