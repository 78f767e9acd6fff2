package dev.parley.testkit.infra;

import java.io.PrintStream;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * The real infrastructure shared by every integration test of a JVM, chosen by system property
 * {@value #PROPERTY} (failsafe passes the build's {@code parley.infra}; profile {@code containers}
 * sets it): {@value #LOCAL}, the default, runs as child processes those of Kafka, Cassandra, Redis
 * and PostgreSQL that {@link InfraServer#PROPERTY} names (all four by default); {@value #CONTAINERS}
 * runs ScyllaDB, Kafka, Redis and PostgreSQL in Docker through the {@link TestInfraProvider} of
 * module {@value #CONTAINERS_MODULE}, which testkit does not depend on.
 *
 * <p>{@link #get()} starts it once, lazily. If starting fails, every later {@code get()} in the JVM
 * throws the same failure instead of trying again. When the chosen kind cannot run on this machine
 * (containers, no Docker engine), that failure is a {@link TestAbortedException}, so JUnit reports
 * the tests as skipped, not failed, and one line on stderr says why.
 */
public final class RealInfra {
    public static final String KEYSPACE = "parley";
    public static final String DB_NAME = "parley";
    public static final String DB_USER = "parley";
    public static final String DB_PASSWORD = "parley";

    public static final String PROPERTY = "parley.infra";
    public static final String LOCAL = "local";
    public static final String CONTAINERS = "containers";
    static final String CONTAINERS_MODULE = "dev.parley:parley-testkit-containers";

    private static TestInfra instance;
    private static RuntimeException failure;

    private RealInfra() {
    }

    /** The running infrastructure, started on the first call. */
    public static synchronized TestInfra get() {
        if (instance != null) {
            return instance;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            instance = start(selected(), ServiceLoader.load(TestInfraProvider.class), System.err);
            return instance;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        }
    }

    /** {@value #LOCAL} or {@value #CONTAINERS}, from {@value #PROPERTY}; starts nothing. */
    public static String selected() {
        return choose(System.getProperty(PROPERTY));
    }

    /**
     * Skips the calling test unless the infrastructure is local processes: for a test that starts,
     * stops or restarts servers of its own with module infra, which a containers run does not
     * promise to have on the machine. Call it before {@link #get()}, so a skip starts nothing.
     */
    public static void assumeLocalProcesses(String why) {
        String kind = selected();
        Assumptions.assumeTrue(LOCAL.equals(kind),
                () -> PROPERTY + "=" + kind + ": skipped, it needs " + PROPERTY + "=" + LOCAL + " because " + why);
    }

    static String choose(String value) {
        String v = value == null || value.isBlank() ? LOCAL : value.strip();
        if (!v.equals(LOCAL) && !v.equals(CONTAINERS)) {
            throw new IllegalStateException("unknown " + PROPERTY + "=" + v + ": allowed are " + LOCAL
                    + " (the default: local processes) and " + CONTAINERS + " (Testcontainers; needs Docker)");
        }
        return v;
    }

    static TestInfra start(String kind, Iterable<TestInfraProvider> providers, PrintStream err) {
        TestInfra infra = kind.equals(LOCAL) ? LocalProcesses.start(InfraServer.selected())
                : fromProvider(kind, providers, err);
        err.println("RealInfra up (" + infra.kind() + "): " + infra.describe());
        return infra;
    }

    private static TestInfra fromProvider(String kind, Iterable<TestInfraProvider> providers, PrintStream err) {
        TestInfraProvider provider = null;
        for (TestInfraProvider p : providers) {
            if (p.name().equals(kind)) {
                provider = p;
            }
        }
        if (provider == null) {
            throw new IllegalStateException(PROPERTY + "=" + kind + " but no provider of it is on the test classpath:"
                    + " add " + CONTAINERS_MODULE + " (scope test) to this module's pom");
        }
        Optional<String> unavailable = provider.unavailable();
        if (unavailable.isPresent()) {
            String line = PROPERTY + "=" + kind + ": " + unavailable.get()
                    + "; the integration tests that need the infrastructure are skipped";
            err.println(line);
            throw new TestAbortedException(line);
        }
        return provider.start();
    }
}
