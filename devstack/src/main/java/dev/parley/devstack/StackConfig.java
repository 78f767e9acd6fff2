package dev.parley.devstack;

import dev.parley.common.config.Settings;
import dev.parley.infra.Ports;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where the local stack keeps its data and which loopback ports it uses.
 *
 * @param home          root of the checkout: build outputs ({@code <module>/target}) and
 *                      {@code topics.yaml} are found from here
 * @param dataDir       everything the stack writes (server data, {@code logs/}, auth keys, streams state);
 *                      a second start on the same folder reuses the data
 * @param startServices false starts only the infrastructure (Kafka, Cassandra, Redis, PostgreSQL)
 *                      and applies the topics and the schema, but runs none of Parley's own services
 * @param serviceSettings extra configuration keys of the services (e.g. {@code edge.idle-timeout}),
 *                      given to every service over the stack's own; a service ignores keys it does not know
 * @param aotCacheDir   where the services' ahead-of-time caches are trained and kept (JDK 25+;
 *                      {@code internal.AotCache}), or null for none
 * @param kafkaBrokers  Kafka nodes (1 to {@value #MAX_KAFKA_BROKERS}); node 1 on {@code kafkaPort} and
 *                      {@code kafkaControllerPort}, node i on {@code kafkaPort + 2(i-1)} and the port after it
 * @param redisReplicas replicas of the Redis primary (0 to {@value #MAX_REDIS_REPLICAS}); with any, {@value #REDIS_SENTINELS}
 *                      Sentinels watch the primary and promote a replica when it stops, and the services
 *                      reach Redis through them. Replica i on {@code redisPort + i}, the Sentinels on the
 *                      ports after the last replica
 */
public record StackConfig(Path home, Path dataDir, int edgePort, int authPort, int kafkaPort,
        int kafkaControllerPort, int cqlPort, int cqlStoragePort, int cqlJmxPort, int redisPort,
        int postgresPort, boolean startServices, Map<String, String> serviceSettings, Path aotCacheDir,
        int kafkaBrokers, int redisReplicas) {

    public static final int DEFAULT_EDGE_PORT = 8080;
    public static final int DEFAULT_AUTH_PORT = 8081;
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_CQL_PORT = 19042;
    public static final int DEFAULT_CQL_STORAGE_PORT = 17000;
    public static final int DEFAULT_CQL_JMX_PORT = 17199;
    public static final int DEFAULT_REDIS_PORT = 16379;
    public static final int DEFAULT_POSTGRES_PORT = 15432;
    public static final int MAX_KAFKA_BROKERS = 5;
    public static final int MAX_REDIS_REPLICAS = 2;
    /** Three: a quorum of two still decides with one of them gone. */
    public static final int REDIS_SENTINELS = 3;

    public StackConfig {
        home = Objects.requireNonNull(home, "home").toAbsolutePath().normalize();
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        serviceSettings = Map.copyOf(serviceSettings == null ? Map.of() : serviceSettings);
        aotCacheDir = aotCacheDir == null ? null : aotCacheDir.toAbsolutePath().normalize();
        if (kafkaBrokers < 1 || kafkaBrokers > MAX_KAFKA_BROKERS) {
            throw new IllegalArgumentException("kafkaBrokers must be 1.." + MAX_KAFKA_BROKERS + ", not " + kafkaBrokers);
        }
        if (kafkaBrokers > 1 && kafkaPort + 2 * (kafkaBrokers - 1) + 1 > 65535) {
            throw new IllegalArgumentException(kafkaBrokers + " Kafka nodes from port " + kafkaPort + " go past 65535");
        }
        if (redisReplicas < 0 || redisReplicas > MAX_REDIS_REPLICAS) {
            throw new IllegalArgumentException("redisReplicas must be 0.." + MAX_REDIS_REPLICAS + ", not " + redisReplicas);
        }
        if (redisReplicas > 0 && redisPort + redisReplicas + REDIS_SENTINELS > 65535) {
            throw new IllegalArgumentException(redisReplicas + " Redis replicas and their Sentinels from port " + redisPort
                    + " go past 65535");
        }
    }

    /** This configuration with {@code settings} added to {@link #serviceSettings()}. */
    public StackConfig withServiceSettings(Map<String, String> settings) {
        Map<String, String> merged = new LinkedHashMap<>(serviceSettings);
        merged.putAll(settings);
        return new StackConfig(home, dataDir, edgePort, authPort, kafkaPort, kafkaControllerPort, cqlPort,
                cqlStoragePort, cqlJmxPort, redisPort, postgresPort, startServices, merged, aotCacheDir, kafkaBrokers, redisReplicas);
    }

    /** This configuration with the services' AOT caches in {@code dir} (null: none). */
    public StackConfig withAotCacheDir(Path dir) {
        return new StackConfig(home, dataDir, edgePort, authPort, kafkaPort, kafkaControllerPort, cqlPort,
                cqlStoragePort, cqlJmxPort, redisPort, postgresPort, startServices, serviceSettings, dir, kafkaBrokers, redisReplicas);
    }

    /**
     * This configuration with {@code n} Kafka nodes, each broker and controller: with three, one
     * can restart while the others serve (topics get three replicas, two of them in sync to write).
     */
    public StackConfig withKafkaBrokers(int n) {
        return new StackConfig(home, dataDir, edgePort, authPort, kafkaPort, kafkaControllerPort, cqlPort,
                cqlStoragePort, cqlJmxPort, redisPort, postgresPort, startServices, serviceSettings, aotCacheDir, n, redisReplicas);
    }

    /**
     * This configuration with {@code n} Redis replicas and, with any, {@value #REDIS_SENTINELS} Sentinels:
     * a stopped primary is then a failover instead of an outage.
     */
    public StackConfig withRedisReplicas(int n) {
        return new StackConfig(home, dataDir, edgePort, authPort, kafkaPort, kafkaControllerPort, cqlPort,
                cqlStoragePort, cqlJmxPort, redisPort, postgresPort, startServices, serviceSettings, aotCacheDir,
                kafkaBrokers, n);
    }

    /** Redis replica {@code i}'s (1-based) port. */
    public int redisReplicaPort(int i) {
        return redisPort + i;
    }

    /** Sentinel {@code j}'s (1-based) port; only used with replicas. */
    public int redisSentinelPort(int j) {
        return redisPort + redisReplicas + j;
    }

    /** Kafka node {@code i}'s (1-based) client port. */
    public int kafkaPort(int i) {
        return i == 1 ? kafkaPort : kafkaPort + 2 * (i - 1);
    }

    /** Kafka node {@code i}'s (1-based) controller port. */
    public int kafkaControllerPort(int i) {
        return i == 1 ? kafkaControllerPort : kafkaPort + 2 * (i - 1) + 1;
    }

    /**
     * The documented ports of docs/architecture.md, data in {@code <home>/.parley/data}, AOT caches in
     * {@code <home>/.parley/aot}.
     */
    public static StackConfig defaults(Path home) {
        return new StackConfig(home, defaultDataDir(home), DEFAULT_EDGE_PORT, DEFAULT_AUTH_PORT,
                DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_CONTROLLER_PORT, DEFAULT_CQL_PORT,
                DEFAULT_CQL_STORAGE_PORT, DEFAULT_CQL_JMX_PORT, DEFAULT_REDIS_PORT,
                DEFAULT_POSTGRES_PORT, true, Map.of(), defaultAotCacheDir(home), 1, 0);
    }

    /**
     * Every port a distinct free one, so tests run beside a stack that is already up; no AOT caches
     * (a training process takes seconds longer to stop, and tests stop many).
     */
    public static StackConfig forTests(Path home, Path dataDir) {
        Set<Integer> taken = new HashSet<>();
        int[] p = new int[9];
        for (int i = 0; i < p.length; i++) {
            int port;
            do {
                port = Ports.free();
            } while (!taken.add(port));
            p[i] = port;
        }
        return new StackConfig(home, dataDir, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], true, Map.of(), null,
                1, 0);
    }

    /**
     * The {@code devstack.*} keys of devstack/CONFIG.md over the defaults. Problems are recorded in
     * {@code s}; the caller reports them all at once with {@link Settings#validate()}.
     */
    public static StackConfig from(Path home, Settings s) {
        String data = s.string("devstack.data-dir", null);
        Path dataDir = data == null ? defaultDataDir(home) : home.resolve(data);
        int kafkaPort = port(s, "devstack.kafka-port", DEFAULT_KAFKA_PORT);
        int redisPort = port(s, "devstack.redis-port", DEFAULT_REDIS_PORT);
        StackConfig c = new StackConfig(home, dataDir,
                port(s, "devstack.edge-port", DEFAULT_EDGE_PORT),
                port(s, "devstack.auth-port", DEFAULT_AUTH_PORT),
                kafkaPort,
                port(s, "devstack.kafka-controller-port", DEFAULT_KAFKA_CONTROLLER_PORT),
                port(s, "devstack.cql-port", DEFAULT_CQL_PORT),
                port(s, "devstack.cql-storage-port", DEFAULT_CQL_STORAGE_PORT),
                port(s, "devstack.cql-jmx-port", DEFAULT_CQL_JMX_PORT),
                redisPort,
                port(s, "devstack.postgres-port", DEFAULT_POSTGRES_PORT),
                s.bool("devstack.start-services", true), Map.of(), aotCacheDir(home, s),
                kafkaBrokers(s, kafkaPort), redisReplicas(s, redisPort));
        c.portClashes().forEach(s::problem);
        return c;
    }

    /** Every pair of {@link #ports()} that share a port, as one sentence each; empty when all differ. */
    public java.util.List<String> portClashes() {
        java.util.List<String> clashes = new java.util.ArrayList<>();
        Map<Integer, String> seen = new LinkedHashMap<>();
        ports().forEach((what, port) -> {
            String other = seen.putIfAbsent(port, what);
            if (other != null) {
                clashes.add(what + " and " + other + " both use port " + port);
            }
        });
        return clashes;
    }

    /** Logs of the services ({@code <service>.log}); the servers of infra keep theirs in their data folders. */
    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    /**
     * Every port this configuration will bind, named by what wants it (with its key), in start
     * order. Parley's own services are left out when {@link #startServices()} is false.
     */
    public Map<String, Integer> ports() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("Redis (devstack.redis-port)", redisPort);
        for (int i = 1; i <= redisReplicas; i++) {
            m.put("Redis replica " + i + " (devstack.redis-port + " + i + ")", redisReplicaPort(i));
        }
        for (int j = 1; j <= (redisReplicas > 0 ? REDIS_SENTINELS : 0); j++) {
            m.put("Redis Sentinel " + j + " (devstack.redis-port + " + (redisReplicas + j) + ")", redisSentinelPort(j));
        }
        m.put("PostgreSQL (devstack.postgres-port)", postgresPort);
        m.put("Kafka (devstack.kafka-port)", kafkaPort);
        m.put("the Kafka controller (devstack.kafka-controller-port)", kafkaControllerPort);
        for (int i = 2; i <= kafkaBrokers; i++) {
            m.put("Kafka node " + i + " (devstack.kafka-port + " + 2 * (i - 1) + ")", kafkaPort(i));
            m.put("Kafka node " + i + "'s controller (devstack.kafka-port + " + (2 * (i - 1) + 1) + ")",
                    kafkaControllerPort(i));
        }
        m.put("Cassandra CQL (devstack.cql-port)", cqlPort);
        m.put("Cassandra storage (devstack.cql-storage-port)", cqlStoragePort);
        m.put("Cassandra JMX (devstack.cql-jmx-port)", cqlJmxPort);
        m.putAll(servicePorts());
        return m;
    }

    /** The ports of Parley's own services alone (none when {@link #startServices()} is false). */
    public Map<String, Integer> servicePorts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        if (startServices) {
            m.put("auth (devstack.auth-port)", authPort);
            m.put("edge (devstack.edge-port)", edgePort);
        }
        return m;
    }

    private static Path defaultDataDir(Path home) {
        return home.resolve(".parley").resolve("data");
    }

    private static Path defaultAotCacheDir(Path home) {
        return home.resolve(".parley").resolve("aot");
    }

    /** {@code devstack.kafka-brokers}, 1 where it is not usable (the problem is recorded in {@code s}). */
    private static int kafkaBrokers(Settings s, int port) {
        int n = s.integer("devstack.kafka-brokers", 1, 1, MAX_KAFKA_BROKERS);
        if (n < 1 || n > MAX_KAFKA_BROKERS) {
            return 1;
        }
        if (n > 1 && port + 2 * (n - 1) + 1 > 65535) {
            s.problem("devstack.kafka-brokers = " + n + " needs ports up to devstack.kafka-port + " + (2 * (n - 1) + 1)
                    + ", past 65535");
            return 1;
        }
        return n;
    }

    /** {@code devstack.redis-replicas}, 0 where it is not usable (the problem is recorded in {@code s}). */
    private static int redisReplicas(Settings s, int port) {
        int n = s.integer("devstack.redis-replicas", 0, 0, MAX_REDIS_REPLICAS);
        if (n < 0 || n > MAX_REDIS_REPLICAS) {
            return 0;
        }
        if (n > 0 && port + n + REDIS_SENTINELS > 65535) {
            s.problem("devstack.redis-replicas = " + n + " needs ports up to devstack.redis-port + " + (n + REDIS_SENTINELS)
                    + ", past 65535");
            return 0;
        }
        return n;
    }

    /** {@code devstack.aot-cache-dir}: {@code none} turns the caches off. */
    private static Path aotCacheDir(Path home, Settings s) {
        String dir = s.string("devstack.aot-cache-dir", null);
        if (dir == null) {
            return defaultAotCacheDir(home);
        }
        return dir.equals("none") ? null : home.resolve(dir);
    }

    private static int port(Settings s, String key, int defaultValue) {
        return s.integer(key, defaultValue, 1, 65535);
    }
}
