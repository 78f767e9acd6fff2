package dev.parley.devstack.internal;

import dev.parley.common.config.SharedKeys;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.devstack.StackConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the local stack configures each of Parley's services (keys of each service's CONFIG.md); the
 * keys every service shares are {@link SharedKeys}, so renaming one there fails to compile here.
 */
public final class ServiceSpecs {
    public static final String EDGE_NODE_ID = "edge-1";
    public static final String ALLOWED_ORIGINS = "http://localhost:*,http://127.0.0.1:*";
    /** The stack's PostgreSQL credentials: the services' defaults, so a service started by hand finds them too. */
    public static final String DB_USER = SharedKeys.DB_USER.defaultValue();
    public static final String DB_PASSWORD = SharedKeys.DB_PASSWORD.defaultValue();

    /** Where the services find the infrastructure the stack has started. */
    public record Endpoints(String kafkaBootstrap, String cqlContactPoint, String cqlLocalDatacenter,
            String cqlKeyspace, String redisUri, String jdbcUrl) {}

    /**
     * Every service's health and metrics server takes a free port (several instances share this
     * machine); the READY line says which, and {@code parley up} prints the URLs.
     */
    static final String ANY_PORT = "0";

    private ServiceSpecs() {}

    /** The services in start order: auth, topology, sinks, edge (the edge needs auth's JWKS). */
    public static List<ServiceSpec> all(StackConfig c, Endpoints e) {
        return List.of(auth(c, e), topology(c, e), sinks(c, e), edge(c, e)).stream()
                .map(spec -> spec.withSettings(Map.of(ObserveConfig.PORT.name(), ANY_PORT)))
                .map(spec -> spec.withSettings(c.serviceSettings()))
                .toList();
    }

    static ServiceSpec auth(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("auth.http.host", "127.0.0.1");
        s.put("auth.http.port", Integer.toString(c.authPort()));
        s.put("auth.keys-dir", c.dataDir().resolve("auth-keys").toString());
        s.put(SharedKeys.DB_URL.name(), e.jdbcUrl());
        s.put(SharedKeys.DB_USER.name(), DB_USER);
        s.put(SharedKeys.DB_PASSWORD.name(), DB_PASSWORD);
        s.put(SharedKeys.KAFKA_BOOTSTRAP_SERVERS.name(), e.kafkaBootstrap());
        s.put(SharedKeys.REDIS_URI.name(), e.redisUri());
        return new ServiceSpec("auth", "auth", "parley-auth", "127.0.0.1:" + c.authPort(), s);
    }

    static ServiceSpec topology(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(SharedKeys.KAFKA_BOOTSTRAP_SERVERS.name(), e.kafkaBootstrap());
        s.put("topology.state-dir", c.dataDir().resolve("streams").toString());
        return new ServiceSpec("topology", "streams-topology", "parley-streams-topology", "-", s);
    }

    static ServiceSpec sinks(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(SharedKeys.KAFKA_BOOTSTRAP_SERVERS.name(), e.kafkaBootstrap());
        putCql(s, e);
        s.put(SharedKeys.REDIS_URI.name(), e.redisUri());
        return new ServiceSpec("sinks", "sinks", "parley-sinks", "-", s);
    }

    static ServiceSpec edge(StackConfig c, Endpoints e) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("edge.http.host", "127.0.0.1");
        s.put("edge.http.port", Integer.toString(c.edgePort()));
        s.put("edge.node-id", EDGE_NODE_ID);
        s.put("edge.jwks-url", "http://127.0.0.1:" + c.authPort() + "/.well-known/jwks.json");
        s.put("edge.allowed-origins", ALLOWED_ORIGINS);
        s.put(SharedKeys.KAFKA_BOOTSTRAP_SERVERS.name(), e.kafkaBootstrap());
        putCql(s, e);
        s.put(SharedKeys.REDIS_URI.name(), e.redisUri());
        return new ServiceSpec("edge", "edge", "parley-edge", "127.0.0.1:" + c.edgePort(), s);
    }

    private static void putCql(Map<String, String> s, Endpoints e) {
        s.put(SharedKeys.CQL_CONTACT_POINTS.name(), e.cqlContactPoint());
        s.put(SharedKeys.CQL_LOCAL_DATACENTER.name(), e.cqlLocalDatacenter());
        s.put(SharedKeys.CQL_KEYSPACE.name(), e.cqlKeyspace());
    }
}
