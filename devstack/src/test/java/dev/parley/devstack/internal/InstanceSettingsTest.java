package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstanceSettingsTest {
    private final Path data = Path.of("/tmp/parley-data");

    @Test
    void anEdgeGetsAPortOfItsOwnAndItsNameAsNodeId() {
        InstanceSettings edge = InstanceSettings.of("edge", "edge-2", data);
        String port = edge.settings().get("edge.http.port");
        assertThat(edge.settings()).containsEntry("edge.node-id", "edge-2").hasSize(2);
        assertThat(edge.httpUrl()).hasToString("http://127.0.0.1:" + port);
    }

    @Test
    void anAuthGetsOnlyAPortTheDatabaseAndKeysStayTheStacks() {
        InstanceSettings auth = InstanceSettings.of("auth", "auth-2", data);
        assertThat(auth.settings()).containsOnlyKeys("auth.http.port");
        assertThat(auth.httpUrl().getPort()).isEqualTo(Integer.parseInt(auth.settings().get("auth.http.port")));
    }

    @Test
    void aTopologyGetsAStateDirectoryOfItsOwnAndASinksInstanceNothing() {
        assertThat(InstanceSettings.of("topology", "topology-3", data).settings())
                .containsExactlyEntriesOf(java.util.Map.of("topology.state-dir", "/tmp/parley-data/streams-topology-3"));
        InstanceSettings sinks = InstanceSettings.of("sinks", "sinks-2", data);
        assertThat(sinks.settings()).isEmpty();
        assertThat(sinks.httpUrl()).isNull();
    }

    @Test
    void otherServicesDoNotRunAsSeveralInstances() {
        assertThatThrownBy(() -> InstanceSettings.of("postgres", "postgres-2", data))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgres");
    }
}
