package dev.parley.devstack.deploy;

import static dev.parley.devstack.deploy.DockerfileTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.kafka.BrokerSettings;
import dev.parley.testkit.containers.ContainerImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * compose/docker-compose.yml and compose/cluster.yml, checked without a Docker engine (ComposeConfigIT
 * has Compose itself validate them): images built from their Dockerfile stages or pinned, only real
 * documented settings given to each service, start order, two edges behind a proxy that outlasts
 * the ping interval, data on named volumes, .env.example complete, and the cluster three-way.
 */
class ComposeFileTest {
    private static final Path BASE = HOME.resolve("compose/docker-compose.yml");
    private static final Path CLUSTER = HOME.resolve("compose/cluster.yml");
    private static final String DONE = "service_completed_successfully";
    private static final String HEALTHY = "service_healthy";

    private final ComposeModel base = ComposeModel.read(BASE);
    private final ComposeModel cluster = ComposeModel.read(BASE, CLUSTER);
    private final DockerfileModel dockerfile = DockerfileModel.read(HOME.resolve("Dockerfile"));

    @Test
    void parleyImagesAreBuiltFromTheirDockerfileStageAndEveryOtherImageIsPinned() throws IOException {
        for (ComposeModel compose : List.of(base, cluster)) {
            for (String name : compose.services().keySet()) {
                String image = compose.image(name);
                if (image.startsWith("parley/")) {
                    String stage = image.substring("parley/".length(), image.indexOf(':'));
                    assertThat(ServiceCatalogue.ofImage(stage)).as(name).isPresent();
                    assertThat(ComposeModel.map(compose.service(name).get("build")))
                            .as(name).containsEntry("target", stage).containsEntry("context", "..")
                            .containsEntry("dockerfile", "Dockerfile");
                    assertThat(dockerfile.stages()).containsKey(stage);
                } else {
                    assertThat(image).as(name + " is pinned").matches("[a-z0-9./-]+:v?[0-9][\\w.-]*")
                            .doesNotEndWith(":latest");
                }
            }
        }
        assertThat(base.image("scylla")).as("the last open-source ScyllaDB line").startsWith("scylladb/scylla:6.2.");
        assertThat(base.image("kafka")).as("the Kafka the tests run against")
                .isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        assertThat(base.image("redis")).startsWith("redis:7.");
        assertThat(base.image("postgres")).startsWith("postgres:16");
        assertThat(List.of(base.image("scylla"), base.image("kafka"), base.image("redis"), base.image("postgres")))
                .as("the integration tests on containers run what compose runs")
                .containsExactly(ContainerImages.SCYLLA, ContainerImages.KAFKA, ContainerImages.REDIS,
                        ContainerImages.POSTGRES);
    }

    @Test
    void everyParleyVariableGivenToAServiceIsADocumentedSettingOfThatService() {
        for (ComposeModel compose : List.of(base, cluster)) {
            for (String name : compose.services().keySet()) {
                String image = compose.image(name);
                if (!image.startsWith("parley/")) {
                    continue;
                }
                ServiceCatalogue service = ServiceCatalogue.ofImage(image.substring(7, image.indexOf(':'))).orElseThrow();
                for (String variable : compose.environment(name).keySet()) {
                    String key = service.keyFor(variable).orElseThrow(() -> new AssertionError(
                            name + " is given " + variable + ", which no setting of " + service.module + " reads"));
                    assertThat(service.documents(HOME, key)).as(key + " in " + service.module + "/CONFIG.md").isTrue();
                }
            }
        }
    }

    @Test
    void servicesStartOnlyOnceWhatTheyUseIsHealthyAndTopicsAndSchemaAreApplied() {
        for (String infra : List.of("scylla", "kafka", "redis", "postgres", "proxy")) {
            assertThat(base.service(infra)).as(infra + " has a healthcheck").containsKey("healthcheck");
        }
        for (String init : List.of("init-topics", "init-schema")) {
            assertThat(base.service(init)).containsEntry("restart", "no");
            // `up --wait` counts an exited one-shot service as a failure unless a long-running service
            // depends on its completion directly (docker/compose#10596).
            assertThat(base.services().keySet()).as(init + " is awaited by a long-running service")
                    .anyMatch(svc -> !"no".equals(String.valueOf(base.service(svc).get("restart")))
                            && DONE.equals(base.dependsOn(svc).get(init)));
        }
        assertThat(base.waitsFor("init-topics")).contains("kafka:" + HEALTHY);
        assertThat(base.waitsFor("init-schema")).contains("scylla:" + HEALTHY);
        for (String svc : List.of("auth", "topology", "sinks", "edge-1", "edge-2")) {
            assertThat(base.waitsFor(svc)).as(svc).contains("init-topics:" + DONE);
        }
        for (String svc : List.of("sinks", "edge-1", "edge-2")) {
            assertThat(base.waitsFor(svc)).as(svc).contains("init-schema:" + DONE, "redis:" + HEALTHY);
        }
        assertThat(base.waitsFor("auth")).contains("postgres:" + HEALTHY, "redis:" + HEALTHY);
        assertThat(base.waitsFor("edge-1")).as("edges fetch auth's keys").contains("auth:" + HEALTHY);
        assertThat(base.waitsFor("proxy")).contains("edge-1:" + HEALTHY, "edge-2:" + HEALTHY, "auth:" + HEALTHY);
        assertThat(cluster.waitsFor("init-schema")).contains("scylla-3:" + HEALTHY, "scylla-2:" + HEALTHY);
        assertThat(cluster.waitsFor("init-topics")).contains("kafka-2:" + HEALTHY, "kafka-3:" + HEALTHY);
    }

    @Test
    void twoEdgesWithTheirOwnNodeIdsSitBehindAProxyWhoseIdleTimeoutOutlastsThePingInterval() throws IOException {
        List<String> edges = base.services().keySet().stream().filter(n -> n.startsWith("edge-")).toList();
        assertThat(edges).hasSizeGreaterThanOrEqualTo(2);
        assertThat(edges.stream().map(e -> base.environment(e).get("PARLEY_EDGE_NODE_ID")).distinct())
                .hasSameSizeAs(edges);
        String nginx = Files.readString(HOME.resolve("compose/nginx.conf"));
        String edgePort = env("edge", "PARLEY_EDGE_HTTP_PORT");
        for (String edge : edges) {
            assertThat(nginx).contains("server " + edge + ":" + edgePort + " ");
        }
        assertThat(nginx).contains("server auth:" + env("auth", "PARLEY_AUTH_HTTP_PORT") + " ");
        assertThat(base.environment("edge-1").get("PARLEY_EDGE_JWKS_URL"))
                .startsWith("http://auth:" + env("auth", "PARLEY_AUTH_HTTP_PORT") + "/");
        Matcher ws = Pattern.compile("location /ws \\{([^}]*)}").matcher(nginx);
        assertThat(ws.find()).isTrue();
        assertThat(ws.group(1)).contains("proxy_set_header Upgrade $http_upgrade")
                .contains("proxy_set_header Connection $connection_upgrade");
        Duration idle = seconds(nginx, "proxy_read_timeout");
        for (String edge : edges) {
            Duration ping = Duration.ofSeconds(Long.parseLong(
                    base.environment(edge).getOrDefault("PARLEY_EDGE_PING_INTERVAL", "25s").replace("s", "")));
            assertThat(idle).as("nginx idle timeout vs " + edge + " ping interval").isGreaterThan(ping.plusSeconds(5));
            assertThat(seconds(nginx, "proxy_send_timeout")).isGreaterThan(ping);
        }
        assertThat(base.list("proxy", "ports")).containsExactly("${PARLEY_HTTP_PORT:-8080}:8080",
                "${PARLEY_AUTH_PORT:-8081}:8081");
        assertThat(nginx).contains("proxy_set_header X-Forwarded-For $remote_addr;");
        assertThat(base.environment("auth").get("PARLEY_AUTH_TRUSTED_PROXIES")).isEqualTo("${PARLEY_SUBNET:-172.30.0.0/24}");
    }

    @Test
    void theObserveProfileScrapesEveryServiceOnItsObservePortAndShowsTheDashboard() throws IOException {
        String prometheus = Files.readString(HOME.resolve("compose/prometheus.yml"));
        String port = env("edge", "PARLEY_OBSERVE_PORT");
        for (String svc : base.services().keySet()) {
            if (base.image(svc).startsWith("parley/") && !base.image(svc).startsWith("parley/ops")) {
                assertThat(prometheus).as(svc + " is scraped").contains("'" + svc + ":" + port + "'");
            }
        }
        assertThat(base.list("grafana", "volumes")).contains("../docs/grafana:/var/lib/grafana/dashboards:ro");
        String home = base.environment("grafana").get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(HOME.resolve("docs/grafana").resolve(Path.of(home).getFileName())).isRegularFile();
        for (String svc : List.of("prometheus", "grafana")) {
            assertThat(base.list(svc, "profiles")).containsExactly("observe");
        }
    }

    @Test
    void everyStatefulServiceKeepsItsDataOnANamedVolume() {
        Map<String, String> dataDirs = Map.of(
                "scylla", "/var/lib/scylla",
                "kafka", base.environment("kafka").get("KAFKA_LOG_DIRS"),
                "redis", "/data",
                "postgres", "/var/lib/postgresql/data",
                "auth", Path.of(env("auth", "PARLEY_AUTH_KEYS_DIR")).getParent().toString(),
                "topology", env("topology", "PARLEY_TOPOLOGY_STATE_DIR"));
        dataDirs.forEach((svc, dir) -> {
            List<String> mounts = base.list(svc, "volumes");
            assertThat(mounts).as(svc).anySatisfy(m -> assertThat(m).endsWith(":" + dir));
            mounts.forEach(m -> assertThat(base.volumes()).containsKey(m.substring(0, m.indexOf(':'))));
        });
        for (String extra : List.of("scylla-2", "scylla-3", "kafka-2", "kafka-3")) {
            cluster.list(extra, "volumes").forEach(m -> assertThat(cluster.volumes()).containsKey(m.split(":")[0]));
        }
    }

    @Test
    void envExampleListsExactlyTheVariablesTheComposeFilesReadWithTheirDefaults() throws IOException {
        String compose = Files.readString(BASE) + Files.readString(CLUSTER);
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}").matcher(compose);
        Map<String, String> used = new java.util.TreeMap<>();
        while (m.find()) {
            String previous = used.put(m.group(1), m.group(2));
            assertThat(previous == null || previous.equals(m.group(2))).as(m.group(1) + " has one default").isTrue();
        }
        assertThat(compose.replaceAll("\\$\\{[A-Z0-9_]+:-[^}]*}", "")).as("every variable has a default")
                .doesNotContainPattern("\\$\\{[A-Z]");
        Map<String, String> example = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(HOME.resolve("compose/.env.example"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(example).isEqualTo(used);
        assertThat(Base64.getUrlDecoder().decode(example.get("PARLEY_KAFKA_CLUSTER_ID"))).as("a KRaft cluster id")
                .hasSize(16);
    }

    @Test
    void everyBrokerAllowsTheFailoverSettingsOfTheServices() {
        Map<String, Map<String, String>> brokers = Map.of("kafka", base.environment("kafka"),
                "cluster kafka", cluster.environment("kafka"), "cluster kafka-2", cluster.environment("kafka-2"),
                "cluster kafka-3", cluster.environment("kafka-3"));
        // The apache/kafka image turns KAFKA_A_B_C into the property a.b.c.
        brokers.forEach((name, env) -> BrokerSettings.FAILOVER.forEach((key, value) -> assertThat(env)
                .as(name + " " + key).containsEntry("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value)));
    }

    @Test
    void theClusterOverrideReplicatesEverythingThreeWaysWithTwoInSync() {
        Set<String> brokers = new TreeSet<>();
        for (String kafka : List.of("kafka", "kafka-2", "kafka-3")) {
            Map<String, String> env = cluster.environment(kafka);
            brokers.add(env.get("KAFKA_NODE_ID"));
            assertThat(env).containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3");
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("PLAINTEXT://" + kafka + ":9092");
        }
        assertThat(brokers).containsExactly("1", "2", "3");
        assertThat(cluster.list("init-topics", "command")).containsSubsequence("--replication-factor", "3")
                .containsSubsequence("--min-insync-replicas", "2");
        assertThat(String.join(" ", cluster.list("init-schema", "command")))
                .contains("'NetworkTopologyStrategy', 'datacenter1': 3");
        for (String scylla : List.of("scylla", "scylla-2", "scylla-3")) {
            assertThat(cluster.list(scylla, "command")).containsSubsequence("--seeds", "scylla");
        }
        for (String svc : cluster.services().keySet()) {
            Map<String, String> env = cluster.environment(svc);
            if (env.containsKey("PARLEY_KAFKA_BOOTSTRAP_SERVERS")) {
                assertThat(env.get("PARLEY_KAFKA_BOOTSTRAP_SERVERS")).as(svc).isEqualTo("kafka:9092,kafka-2:9092,kafka-3:9092");
            }
            if (env.containsKey("PARLEY_CQL_CONTACT_POINTS")) {
                assertThat(env.get("PARLEY_CQL_CONTACT_POINTS")).as(svc).isEqualTo("scylla:9042,scylla-2:9042,scylla-3:9042");
            }
        }
    }

    /** An ENV value the image of that stage sets (the Dockerfile is where it is declared). */
    private String env(String stage, String name) {
        String value = dockerfile.environment(stage).get(name);
        if (value == null) {
            throw new AssertionError(stage + " image sets no " + name);
        }
        return value;
    }

    private static Duration seconds(String nginx, String directive) {
        Matcher m = Pattern.compile(directive + "\\s+(\\d+)s;").matcher(nginx);
        assertThat(m.find()).as(directive).isTrue();
        return Duration.ofSeconds(Long.parseLong(m.group(1)));
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)<").matcher(Files.readString(HOME.resolve("pom.xml")));
        assertThat(m.find()).as(name + " in pom.xml").isTrue();
        return m.group(1);
    }
}
