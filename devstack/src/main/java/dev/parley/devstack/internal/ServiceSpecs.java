package dev.parley.devstack.internal;

import dev.parley.devstack.StackConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the local stack configures each of Parley's services (keys of each service's CONFIG.md). */
public final class ServiceSpecs {
    public static final String EDGE_NODE_ID = "edge-1";
    public static final String ALLOWED_ORIGINS = "http://localhost:*,http://127.0.0.1:*";
    public static final String DB_USER = "parley";
    public static final String DB_PASSWORD = "parley";

    /** Where the services find the infrastructure the stack has started. */
    public record Endpoints(String kafkaBootstrap, String cqlContactPoint, String cqlLocalDatacenter,
            String cqlKeyspace, String redisUri, String jdbcUrl) {}

    private ServiceSpecs() {}

    /** The services in start order: auth, topology, sinks, edge (the edge needs auth's JWKS). */
    public static List<ServiceSpec> all(StackConfig c, Endpoints e) {
        return List.of(auth(c, e), topology(c, e), sinks(c, e), edge(c, e)).stream()
                .map(spec -> spec.withSettings(c.serviceSettings()))
                .toList();
    }

    static ServiceSpec auth(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("auth.http.host", "127.0.0.1");
        s.put("auth.http.port", Integer.toString(c.authPort()));
        s.put("auth.keys-dir", c.dataDir().resolve("auth-keys").toString());
        s.put("db.url", e.jdbcUrl());
        s.put("db.user", DB_USER);
        s.put("db.password", DB_PASSWORD);
        s.put("kafka.bootstrap-servers", e.kafkaBootstrap());
        s.put("redis.uri", e.redisUri());
        return new ServiceSpec("auth", "auth", "parley-auth", "127.0.0.1:" + c.authPort(), s);
    }

    static ServiceSpec topology(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap-servers", e.kafkaBootstrap());
        s.put("topology.state-dir", c.dataDir().resolve("streams").toString());
        return new ServiceSpec("topology", "streams-topology", "parley-streams-topology", "-", s);
    }

    static ServiceSpec sinks(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap-servers", e.kafkaBootstrap());
        putCql(s, e);
        s.put("redis.uri", e.redisUri());
        return new ServiceSpec("sinks", "sinks", "parley-sinks", "-", s);
    }

    static ServiceSpec edge(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("edge.http.host", "127.0.0.1");
        s.put("edge.http.port", Integer.toString(c.edgePort()));
        s.put("edge.node-id", EDGE_NODE_ID);
        s.put("edge.jwks-url", "http://127.0.0.1:" + c.authPort() + "/.well-known/jwks.json");
        s.put("edge.allowed-origins", ALLOWED_ORIGINS);
        s.put("kafka.bootstrap-servers", e.kafkaBootstrap());
        putCql(s, e);
        s.put("redis.uri", e.redisUri());
        return new ServiceSpec("edge", "edge", "parley-edge", "127.0.0.1:" + c.edgePort(), s);
    }

    private static void putCql(Map<String, String> s, Endpoints e) {
        s.put("cql.contact-points", e.cqlContactPoint());
        s.put("cql.local-datacenter", e.cqlLocalDatacenter());
        s.put("cql.keyspace", e.cqlKeyspace());
    }
}
