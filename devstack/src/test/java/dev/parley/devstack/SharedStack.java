package dev.parley.devstack;

import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.infra.RealInfra;
import dev.parley.testkit.infra.TestInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One local stack with the default settings for every end-to-end test class of this JVM: started
 * on first use, closed by the stack's own shutdown hook. A test that stops or restarts part of it
 * must leave it running again. A test that needs other settings starts its own {@link LocalStack}
 * with {@link #startOwn(Map)}.
 *
 * <p>With {@code -Pcontainers} ({@code parley.infra=containers}, testkit/README.md) the shared
 * stack runs Parley's services on {@link RealInfra}'s containers (ScyllaDB, Kafka, Redis,
 * PostgreSQL) instead of servers of its own; tests that need their own stack or stop a server
 * are skipped there. {@value #ON_REAL_INFRA} does the same on local processes, which is how the
 * external-infrastructure path is tried on a machine without Docker.
 */
public final class SharedStack {
    /** System property: run the shared stack on {@link RealInfra#get()} even when that is local processes. */
    static final String ON_REAL_INFRA = "parley.devstack.on-real-infra";
    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized LocalStack get() {
        if (stack == null) {
            boolean external = !RealInfra.LOCAL.equals(RealInfra.selected()) || Boolean.getBoolean(ON_REAL_INFRA);
            stack = external ? start(Map.of(), RealInfra.get()) : start(Map.of(), null);
        }
        return stack;
    }

    /** Skips the calling test where the shared stack's servers are not its own to stop and start. */
    static void assumeOwnServers(String why) {
        RealInfra.assumeLocalProcesses(why);
        org.junit.jupiter.api.Assumptions.assumeFalse(Boolean.getBoolean(ON_REAL_INFRA),
                "the shared stack runs on RealInfra (" + ON_REAL_INFRA + "): " + why);
    }

    static ParleyClient client() {
        LocalStack s = get();
        return new ParleyClient(s.authUrl(), s.edgeHttpUrl(), s.edgeWsUrl());
    }

    /**
     * The test clients connect from 127.0.0.1 and act as the reverse proxy of many people:
     * {@code ParleyClient.newUser} registers each user from an address of its own
     * ({@code X-Forwarded-For}), so auth's per-address limits apply as they would in production and
     * stay at their defaults.
     */
    private static final Map<String, String> TEST_SETTINGS = Map.of("auth.trusted-proxies", "127.0.0.1/32");

    /**
     * A stack of its own (close it in {@code @AfterAll}), with extra service settings and servers of
     * its own; skipped on containers, where one set of containers serves the JVM.
     */
    static LocalStack startOwn(Map<String, String> serviceSettings) {
        return startOwn(serviceSettings, 1);
    }

    /**
     * The services' and Kafka's AOT caches for every stack of the integration tests, kept in
     * {@code devstack/target/aot-it}: the shared stack's processes train them (and write them when
     * the first failsafe JVM stops it), and the stacks of their own, started by the second JVM
     * (devstack/pom.xml), start from them. Each stack of its own then becomes ready sooner and
     * compiles less beside the others on two cores. A process whose cache is missing or stale just
     * runs without (infra's {@code AotCache}).
     */
    public static StackConfig withTestAotCaches(StackConfig config, Path home) {
        return config.withAotCacheDir(home.resolve("devstack/target/aot-it"));
    }

    /** {@link #startOwn(Map)} on a Kafka cluster of {@code kafkaBrokers} nodes. */
    static LocalStack startOwn(Map<String, String> serviceSettings, int kafkaBrokers) {
        RealInfra.assumeLocalProcesses("starts a stack with servers of its own");
        return start(serviceSettings, null, kafkaBrokers);
    }

    /** {@link #startOwn(Map)} with {@code redisReplicas} replicas of Redis and its Sentinels. */
    static LocalStack startOwnWithRedisReplicas(Map<String, String> serviceSettings, int redisReplicas) {
        RealInfra.assumeLocalProcesses("starts a stack with servers of its own");
        return start(serviceSettings, null, 1, redisReplicas);
    }

    private static LocalStack start(Map<String, String> serviceSettings, TestInfra infra) {
        return start(serviceSettings, infra, 1);
    }

    private static LocalStack start(Map<String, String> serviceSettings, TestInfra infra, int kafkaBrokers) {
        return start(serviceSettings, infra, kafkaBrokers, 0);
    }

    private static LocalStack start(Map<String, String> serviceSettings, TestInfra infra, int kafkaBrokers,
                                    int redisReplicas) {
        Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
        try {
            Path data = Files.createDirectories(
                    home.resolve("devstack/target/e2e-" + UUID.randomUUID().toString().substring(0, 8)));
            StackConfig config = withTestAotCaches(StackConfig.forTests(home, data), home)
                    .withServiceSettings(TEST_SETTINGS).withServiceSettings(serviceSettings).withKafkaBrokers(kafkaBrokers)
                    .withRedisReplicas(redisReplicas);
            return infra == null ? LocalStack.start(config, System.out)
                    : LocalStack.start(config, new ExternalInfra(infra.kafkaBootstrap(), infra.cqlContactPoint(),
                            infra.localDatacenter(), infra.redisUri(), infra.jdbcUrl()), System.out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every port the stack binds, its servers' and services' and each service's observe server, by what binds it. */
    static Map<String, Integer> portsOf(LocalStack stack) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>(stack.config().ports());
        for (String name : stack.serviceNames()) {
            ports.put(name + "'s observe server", stack.observeUrl(name).getPort());
        }
        return ports;
    }

    /** Closes the stack and checks that each of {@code ports} is free again. */
    static void closeAndAssertFreed(LocalStack stack, Map<String, Integer> ports) {
        stack.close();
        ports.forEach((what, port) -> org.assertj.core.api.Assertions.assertThatCode(
                () -> dev.parley.infra.Ports.requireFree(port, what)).as(what).doesNotThrowAnyException());
    }
}
