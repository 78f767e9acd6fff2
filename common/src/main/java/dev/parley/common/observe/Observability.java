package dev.parley.common.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What a service's {@code Main} wires once and hands to its parts: the meter registry, the
 * tracing, the health checks, and (after {@link #serve()}) the server that exposes them.
 */
public final class Observability implements AutoCloseable {
    private final ObserveConfig config;
    private final PrometheusMeterRegistry meters;
    private final Tracing tracing;
    private final Health health = new Health();
    private volatile ObserveServer server;

    private Observability(ObserveConfig config, PrometheusMeterRegistry meters, Tracing tracing) {
        this.config = config;
        this.meters = meters;
        this.tracing = tracing;
    }

    /** A service's observability as configured; nothing listens until {@link #serve()}. */
    public static Observability create(String service, String instance, ObserveConfig config) {
        return new Observability(config, Meters.create(service, instance), Tracing.create(service, instance, config));
    }

    /**
     * The {@code node} tag of a service whose instances have no name of their own (all but the
     * edge): the host ({@code HOSTNAME}, a container's id, else the local host name) and the pid,
     * unique among running instances.
     */
    public static String processNode() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Real meters and trace ids, no export, no server unless {@link #serve()}: for tests. */
    public static Observability inMemory(String service) {
        return new Observability(ObserveConfig.local(), Meters.create(service, "test"), Tracing.idsOnly());
    }

    /** The same, with the given tracing (e.g. one exporting to an in-memory exporter). */
    public static Observability inMemory(String service, Tracing tracing) {
        return new Observability(ObserveConfig.local(), Meters.create(service, "test"), tracing);
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public Tracing tracing() {
        return tracing;
    }

    public Health health() {
        return health;
    }

    /** Starts the health and metrics server; returns {@code observe=host:port} for the READY line. */
    public String serve() {
        server = ObserveServer.start(config, health, meters);
        return "observe=" + server.address(config);
    }

    /** The server's port, or -1 before {@link #serve()}. */
    public int port() {
        ObserveServer s = server;
        return s == null ? -1 : s.port();
    }

    @Override
    public void close() {
        ObserveServer s = server;
        if (s != null) {
            s.close();
        }
        tracing.close();
        meters.close();
    }
}
