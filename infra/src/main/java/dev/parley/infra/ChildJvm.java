package dev.parley.infra;

import java.util.Arrays;
import java.util.List;

/**
 * Options added to every JVM the project starts as a child process (Kafka, Cassandra, Parley's
 * services in a local stack), from system property {@value #PROPERTY}, else environment variable
 * {@value #ENV}: whitespace-separated, none by default. The build sets it for the integration
 * tests only, to {@code -XX:TieredStopAtLevel=1} (parent pom, {@code parley.child-jvm-options}):
 * their JVMs live for seconds to minutes under light load, where C2 compiles far more than it pays
 * back (a Cassandra start: 28-34 s of CPU with C2, 20-21 s without). {@code ./parley up} and the bench never set it, so what they measure runs
 * as in production.
 */
public final class ChildJvm {
    public static final String PROPERTY = "parley.child-jvm-options";
    public static final String ENV = "PARLEY_CHILD_JVM_OPTIONS";

    private ChildJvm() {
    }

    /** The options {@value #PROPERTY} (or {@value #ENV}) names, in order; empty when unset or blank. */
    public static List<String> options() {
        String property = System.getProperty(PROPERTY);
        return parse(property != null ? property : System.getenv(ENV));
    }

    static List<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> options = Arrays.stream(value.strip().split("\\s+")).toList();
        for (String o : options) {
            if (!o.startsWith("-")) {
                throw new IllegalArgumentException(PROPERTY + "='" + value + "': '" + o
                        + "' is not a JVM option (each starts with '-', separated by spaces)");
            }
        }
        return options;
    }
}
