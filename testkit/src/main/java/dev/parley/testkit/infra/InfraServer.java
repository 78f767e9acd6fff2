package dev.parley.testkit.infra;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The servers an integration-test JVM can ask for, named by system property {@value #PROPERTY}
 * (a comma-separated list; failsafe passes the module's {@code parley.infra.servers}, all four
 * by default). With local processes only those are started: Cassandra alone costs a two-core
 * machine tens of seconds of CPU, and most modules never open a CQL session.
 */
public enum InfraServer {
    KAFKA, CASSANDRA, REDIS, POSTGRES;

    public static final String PROPERTY = "parley.infra.servers";

    /** The servers {@value #PROPERTY} names; all four when it is unset or blank. */
    public static Set<InfraServer> selected() {
        return parse(System.getProperty(PROPERTY));
    }

    static Set<InfraServer> parse(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(InfraServer.class);
        }
        EnumSet<InfraServer> servers = EnumSet.noneOf(InfraServer.class);
        for (String name : value.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            try {
                servers.add(valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("unknown server '" + n + "' in " + PROPERTY + "=" + value
                        + ": allowed are " + names(EnumSet.allOf(InfraServer.class)));
            }
        }
        return servers;
    }

    /** Lower-case names, comma-separated, as {@value #PROPERTY} takes them. */
    static String names(Set<InfraServer> servers) {
        return servers.stream().map(InfraServer::lowerName).collect(Collectors.joining(","));
    }

    String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Why an accessor of a server that was not asked for fails, and how to ask for it. */
    IllegalStateException notStarted(Set<InfraServer> started) {
        return new IllegalStateException(lowerName() + " was not started for this JVM's integration tests ("
                + PROPERTY + "=" + names(started) + "): add " + lowerName()
                + " to property " + PROPERTY + " in this module's pom");
    }
}
