package dev.parley.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** How RealInfra chooses its infrastructure; nothing is started (the providers are fakes). */
class RealInfraTest {
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @Test
    void localIsTheDefaultAndBothValuesAreAccepted() {
        assertThat(RealInfra.choose(null)).isEqualTo("local");
        assertThat(RealInfra.choose(" ")).isEqualTo("local");
        assertThat(RealInfra.choose("local")).isEqualTo("local");
        assertThat(RealInfra.choose(" containers ")).isEqualTo("containers");
    }

    @Test
    void anUnknownValueNamesTheAllowedOnes() {
        assertThatThrownBy(() -> RealInfra.choose("docker")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parley.infra=docker").hasMessageContaining("local")
                .hasMessageContaining("containers");
    }

    @Test
    void containersWithoutAProviderNamesTheModuleToAdd() {
        assertThatThrownBy(() -> RealInfra.start("containers", List.of(new Fake("other", null)), err))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("parley-testkit-containers");
        assertThat(err()).isEmpty();
    }

    @Test
    void anUnavailableProviderAbortsWithOneLineAndStartsNothing() {
        Fake docker = new Fake("containers", "no Docker engine found (no socket)");
        assertThatThrownBy(() -> RealInfra.start("containers", List.of(docker), err))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("no Docker engine found (no socket)");
        assertThat(err()).isEqualTo("parley.infra=containers: no Docker engine found (no socket);"
                + " the integration tests that need the infrastructure are skipped\n");
        assertThat(docker.started).isFalse();
    }

    @Test
    void anAvailableProviderIsStartedAndReported() {
        Fake docker = new Fake("containers", null);
        TestInfra infra = RealInfra.start("containers", List.of(new Fake("other", null), docker), err);
        assertThat(docker.started).isTrue();
        assertThat(infra.kind()).isEqualTo("containers");
        assertThat(err()).startsWith("RealInfra up (containers): kafka=k:9092 ");
    }

    @Test
    void assumeLocalProcessesSkipsUnderContainersOnly() {
        String before = System.getProperty(RealInfra.PROPERTY);
        try {
            System.setProperty(RealInfra.PROPERTY, "local");
            RealInfra.assumeLocalProcesses("it restarts its own Redis");
            System.setProperty(RealInfra.PROPERTY, "containers");
            assertThatThrownBy(() -> RealInfra.assumeLocalProcesses("it restarts its own Redis"))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("it restarts its own Redis");
        } finally {
            if (before == null) {
                System.clearProperty(RealInfra.PROPERTY);
            } else {
                System.setProperty(RealInfra.PROPERTY, before);
            }
        }
    }

    private String err() {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    /** A provider that is unavailable when given a reason, else "starts" a {@link FakeInfra}. */
    private static final class Fake implements TestInfraProvider {
        private final String name;
        private final String unavailable;
        boolean started;

        Fake(String name, String unavailable) {
            this.name = name;
            this.unavailable = unavailable;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.ofNullable(unavailable);
        }

        @Override
        public TestInfra start() {
            started = true;
            return new FakeInfra();
        }
    }

    private record FakeInfra() implements TestInfra {
        public String kafkaBootstrap() {
            return "k:9092";
        }

        public String cqlContactPoint() {
            return "c:9042";
        }

        public String localDatacenter() {
            return "datacenter1";
        }

        public String keyspace() {
            return RealInfra.KEYSPACE;
        }

        public String redisUri() {
            return "redis://r:6379";
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://p:5432/parley";
        }

        public String dbUser() {
            return RealInfra.DB_USER;
        }

        public String dbPassword() {
            return RealInfra.DB_PASSWORD;
        }

        public Path home() {
            return Path.of(".");
        }

        public Path dataDir() {
            return Path.of("target");
        }

        public String kind() {
            return "containers";
        }
    }
}
