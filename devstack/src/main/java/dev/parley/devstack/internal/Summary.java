package dev.parley.devstack.internal;

import dev.parley.devstack.LocalStack;
import dev.parley.devstack.StackConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The table of endpoints {@code parley up} prints once everything is ready. */
public final class Summary {
    private final Map<String, String> rows = new LinkedHashMap<>();

    public Summary row(String what, String value) {
        rows.put(what, value);
        return this;
    }

    /** The rows for a started stack; auth and edge only when the services run. */
    public static String of(LocalStack stack) {
        return of(stack, null);
    }

    /** The same, with the Prometheus of {@code up --observe} when it runs ({@code prometheus} not null). */
    public static String of(LocalStack stack, java.net.URI prometheus) {
        StackConfig c = stack.config();
        Summary s = new Summary();
        if (c.startServices()) {
            s.row("web chat", stack.edgeHttpUrl().resolve("/") + "  (open it in a browser)")
                    .row("auth http", stack.authUrl().toString())
                    .row("edge http", stack.edgeHttpUrl().toString())
                    .row("edge ws", stack.edgeWsUrl().toString());
            for (String name : stack.serviceNames()) {
                s.row(name + " metrics", metrics(stack, name));
            }
        } else {
            s.row("services", "not started (devstack.start-services=false)");
        }
        return s.row("Kafka", stack.kafkaBootstrap())
                .row("CQL", stack.cqlContactPoint() + "  (datacenter " + stack.cqlLocalDatacenter()
                        + ", keyspace " + LocalStack.KEYSPACE + ")")
                .row("Redis", stack.redisUri())
                .row("PostgreSQL", stack.jdbcUrl() + "  (user " + ServiceSpecs.DB_USER
                        + ", password " + ServiceSpecs.DB_PASSWORD + ")")
                .rowIf(prometheus != null, "Prometheus", prometheus + "  (Grafana dashboard: docs/grafana/parley-overview.json)")
                .row("data dir", c.dataDir().toString())
                .row("logs dir", logs(c.logsDir()))
                .render();
    }

    private Summary rowIf(boolean when, String what, String value) {
        return when ? row(what, value) : this;
    }

    private static String metrics(LocalStack stack, String name) {
        try {
            return stack.observeUrl(name) + "/metrics  (health: /health/ready)";
        } catch (IllegalStateException e) {
            return "- (its READY line named no observe server)";
        }
    }

    private static String logs(Path dir) {
        return dir + "  (<service>.log)";
    }

    /** "Parley is up." and one aligned row per endpoint, each line ending in a newline. */
    public String render() {
        int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder("Parley is up.\n");
        rows.forEach((k, v) -> sb.append("  ").append(k).append(" ".repeat(width - k.length() + 2)).append(v).append('\n'));
        return sb.toString();
    }
}
