package dev.parley.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** How an IT module names the servers it needs; nothing is started. */
class InfraServerTest {
    @Test
    void unsetOrBlankMeansAllFour() {
        assertThat(InfraServer.parse(null)).isEqualTo(EnumSet.allOf(InfraServer.class));
        assertThat(InfraServer.parse(" ")).isEqualTo(EnumSet.allOf(InfraServer.class));
    }

    @Test
    void aListIsReadWhateverItsCaseAndSpacing() {
        assertThat(InfraServer.parse("kafka, Redis,,postgres "))
                .containsExactlyInAnyOrder(InfraServer.KAFKA, InfraServer.REDIS, InfraServer.POSTGRES);
        assertThat(InfraServer.parse("kafka")).containsExactly(InfraServer.KAFKA);
    }

    @Test
    void anUnknownNameIsRefusedWithTheAllowedOnes() {
        assertThatThrownBy(() -> InfraServer.parse("kafka,scylla")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'scylla'").hasMessageContaining("kafka,cassandra,redis,postgres");
    }

    @Test
    void anAccessorOfAServerNotAskedForSaysWhereToAskForIt() {
        assertThat(InfraServer.CASSANDRA.notStarted(EnumSet.of(InfraServer.KAFKA)))
                .hasMessage("cassandra was not started for this JVM's integration tests (parley.infra.servers=kafka):"
                        + " add cassandra to property parley.infra.servers in this module's pom");
    }

    @Test
    void theStartLineNamesOnlyTheServersThatRun() {
        TestInfra kafkaOnly = new TestInfra() {
            public String kafkaBootstrap() {
                return "127.0.0.1:9092";
            }

            public String cqlContactPoint() {
                throw InfraServer.CASSANDRA.notStarted(servers());
            }

            public String localDatacenter() {
                throw InfraServer.CASSANDRA.notStarted(servers());
            }

            public String redisUri() {
                throw InfraServer.REDIS.notStarted(servers());
            }

            public String jdbcUrl() {
                throw InfraServer.POSTGRES.notStarted(servers());
            }

            public java.nio.file.Path home() {
                return java.nio.file.Path.of(".");
            }

            public java.nio.file.Path dataDir() {
                return java.nio.file.Path.of("target/x");
            }

            public String kind() {
                return "local processes";
            }

            @Override
            public java.util.Set<InfraServer> servers() {
                return EnumSet.of(InfraServer.KAFKA);
            }
        };
        assertThat(kafkaOnly.describe()).isEqualTo("kafka=127.0.0.1:9092 data=target/x");
    }
}
