package dev.parley.testkit.containers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.infra.TestInfraProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** RealInfra finds this module by ServiceLoader under the name the property uses; nothing is started. */
class ContainersProviderTest {
    @Test
    void isRegisteredAsTheContainersProvider() {
        assertThat(ServiceLoader.load(TestInfraProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(ContainersProvider.class);
                    assertThat(p.name()).isEqualTo("containers");
                });
    }

    @Test
    void scyllaRunsSmallAndKafkaKeepsExactlyOnceOnOneBroker() {
        assertThat(String.join(" ", Containers.SCYLLA_FLAGS))
                .isEqualTo("--smp 1 --memory 750M --overprovisioned 1 --developer-mode 1");
        assertThat(Containers.KAFKA_ENV).containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    }
}
