package dev.parley.ops.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.ops.Ops;
import dev.parley.ops.OpsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CqlSchemaTest {

    @Test
    void theBundledSchemaRendersToIdempotentStatementsInTheKeyspace() {
        List<String> s = CqlSchema.statements("parley_test", Ops.LOCAL_REPLICATION);
        assertThat(s).hasSizeGreaterThanOrEqualTo(6);
        assertThat(s.get(0)).isEqualTo("CREATE KEYSPACE IF NOT EXISTS parley_test WITH replication = "
                + Ops.LOCAL_REPLICATION);
        assertThat(s).allSatisfy(st -> {
            assertThat(st).contains("IF NOT EXISTS").doesNotContain("${").doesNotContain("--");
            assertThat(st.strip()).doesNotEndWith(";");
        });
        assertThat(s.subList(1, s.size())).allMatch(st -> st.startsWith("CREATE TABLE IF NOT EXISTS parley_test."));
        assertThat(s).anyMatch(st -> st.contains("parley_test.messages")
                && st.contains("PRIMARY KEY ((conversation_id, bucket), seq)"));
    }

    @Test
    void statementsAreSplitOnLinesHoldingOnlyASemicolonAndCommentsDropped() {
        String schema = "-- header\nCREATE A ${keyspace}\n  x;y\n;\n\n-- between\n"
                + "CREATE B WITH ${replication}\n  ;  \n-- tail\n";
        assertThat(CqlSchema.render(schema, "ks", " {'class': 'X'} "))
                .containsExactly("CREATE A ks\n  x;y", "CREATE B WITH {'class': 'X'}");
    }

    @Test
    void badKeyspaceOrReplicationIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> CqlSchema.statements("parley; DROP", Ops.LOCAL_REPLICATION))
                .isInstanceOf(OpsException.class).hasMessageContaining("not a valid CQL name");
        assertThatThrownBy(() -> CqlSchema.statements("parley", "SimpleStrategy"))
                .isInstanceOf(OpsException.class).hasMessageContaining("not a CQL map");
    }

    @Test
    void contactPointsParseAsHostAndPort() {
        assertThat(DriverCqlExecutor.parse("127.0.0.1:19042, 127.0.0.2:9043"))
                .extracting(a -> a.getHostString() + ":" + a.getPort())
                .containsExactly("127.0.0.1:19042", "127.0.0.2:9043");
        assertThatThrownBy(() -> DriverCqlExecutor.parse("host:notaport")).isInstanceOf(OpsException.class);
    }
}
