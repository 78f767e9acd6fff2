package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.devstack.StackConfig;
import dev.parley.devstack.internal.ServiceSpecs.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSpecsTest {
    private static final Endpoints E = new Endpoints("127.0.0.1:19092", "127.0.0.1:19042", "datacenter1",
            "parley", "redis://127.0.0.1:16379", "jdbc:postgresql://127.0.0.1:15432/parley");
    private final StackConfig config = StackConfig.defaults(Path.of("/srv/parley"));

    @Test
    void servicesStartInDependencyOrder() {
        assertThat(ServiceSpecs.all(config, E)).extracting(ServiceSpec::name)
                .containsExactly("auth", "topology", "sinks", "edge");
    }

    @Test
    void edgeGetsItsNodeJwksAndOriginsAsEnvironmentVariables() {
        Map<String, String> env = ServiceSpecs.edge(config, E).environment();
        assertThat(env)
                .containsEntry("PARLEY_EDGE_HTTP_HOST", "127.0.0.1")
                .containsEntry("PARLEY_EDGE_HTTP_PORT", "8080")
                .containsEntry("PARLEY_EDGE_NODE_ID", "edge-1")
                .containsEntry("PARLEY_EDGE_JWKS_URL", "http://127.0.0.1:8081/.well-known/jwks.json")
                .containsEntry("PARLEY_EDGE_ALLOWED_ORIGINS", "http://localhost:*,http://127.0.0.1:*")
                .containsEntry("PARLEY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092")
                .containsEntry("PARLEY_CQL_CONTACT_POINTS", "127.0.0.1:19042")
                .containsEntry("PARLEY_CQL_LOCAL_DATACENTER", "datacenter1")
                .containsEntry("PARLEY_CQL_KEYSPACE", "parley")
                .containsEntry("PARLEY_REDIS_URI", "redis://127.0.0.1:16379");
    }

    @Test
    void everySharedValueTheStackPassesIsOneTheServicesAccept() {
        for (ServiceSpec spec : ServiceSpecs.all(config, E)) {
            Settings s = Settings.of(spec.settings());
            SharedKeys.ALL.forEach(s::get);
            s.validate();
        }
    }

    @Test
    void authKeepsItsKeysInTheDataDir() {
        Map<String, String> s = ServiceSpecs.auth(config, E).settings();
        assertThat(s)
                .containsEntry("auth.keys-dir", "/srv/parley/.parley/data/auth-keys")
                .containsEntry("auth.http.port", "8081")
                .containsEntry("db.url", "jdbc:postgresql://127.0.0.1:15432/parley")
                .containsEntry("db.user", "parley")
                .containsEntry("db.password", "parley");
    }

    @Test
    void topologyKeepsItsStateInTheDataDir() {
        assertThat(ServiceSpecs.topology(config, E).settings())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "kafka.bootstrap-servers", "127.0.0.1:19092",
                        "topology.state-dir", "/srv/parley/.parley/data/streams"));
    }

    @Test
    void theRunnableJarIsFoundAndTheOthersAreNot(@TempDir Path home) throws IOException {
        ServiceSpec sinks = ServiceSpecs.sinks(config, E);
        Path target = Files.createDirectories(home.resolve("sinks/target"));
        for (String f : new String[] {"parley-sinks-0.1.0-SNAPSHOT-sources.jar", "parley-sinks-0.1.0-SNAPSHOT-tests.jar",
                "parley-sinks-extra-0.1.0-SNAPSHOT.jar", "original-parley-sinks-0.1.0-SNAPSHOT.jar"}) {
            Files.createFile(target.resolve(f));
        }
        assertThat(sinks.findJar(home)).isEmpty();

        Path old = Files.createFile(target.resolve("parley-sinks-0.0.9.jar"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path jar = Files.createFile(target.resolve("parley-sinks-0.1.0-SNAPSHOT.jar"));
        assertThat(sinks.findJar(home)).contains(jar);
    }

    @Test
    void noTargetFolderMeansNoJar(@TempDir Path home) {
        assertThat(ServiceSpecs.edge(config, E).findJar(home)).isEmpty();
    }
}
