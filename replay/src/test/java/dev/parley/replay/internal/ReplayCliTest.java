package dev.parley.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCliTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T14:30:00Z"), ZoneOffset.UTC);

    private static ReplayCli parse(String... args) {
        return ReplayCli.parse(List.of(args), CLOCK);
    }

    @Test
    void rebuildTakesItsFlagsAndDefaultsTheRunToTheStartTime() {
        ReplayCli.Rebuild r = (ReplayCli.Rebuild) parse("rebuild", "--keyspace", "parley_v2", "--dry-run",
                "--bootstrap=k:9092");
        assertThat(r.run()).isEqualTo("20261202x143000");
        assertThat(r.dryRun()).isTrue();
        assertThat(r.fromStart()).isFalse();
        assertThat(r.common().overrides()).containsEntry("cql.keyspace", "parley_v2")
                .containsEntry("kafka.bootstrap-servers", "k:9092");
        assertThat(r.common().progress()).isEqualTo("auto");
    }

    @Test
    void verifyNeedsAKeyspaceAndExactlyOneOtherSide() {
        assertThat(((ReplayCli.Verify) parse("verify", "--keyspace", "a", "--against", "b")).against()).isEqualTo("b");
        assertThat(((ReplayCli.Verify) parse("verify", "--keyspace", "a", "--against-log")).against()).isNull();
        assertThatThrownBy(() -> parse("verify", "--keyspace", "a")).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("verify", "--keyspace", "a", "--against", "b", "--against-log"))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> parse("verify", "--against-log")).hasMessageContaining("--keyspace");
    }

    @Test
    void shadowRunCollectsTopologySettingsAndNothingElse() {
        ReplayCli.ShadowRun r = (ReplayCli.ShadowRun) parse("shadow", "run", "--run", "r1",
                "--set", "topology.rate.burst=2", "--set=topology.rate.sustained-per-second=1");
        assertThat(r.settings()).isEqualTo(Map.of("topology.rate.burst", "2",
                "topology.rate.sustained-per-second", "1"));
        assertThatThrownBy(() -> parse("shadow", "run", "--set", "kafka.bootstrap-servers=x"))
                .hasMessageContaining("topology.<key>");
        assertThatThrownBy(() -> parse("rebuild", "--set", "topology.rate.burst=2"))
                .hasMessageContaining("does not take --set");
    }

    @Test
    void runIdsCannotReachAnotherRunsOrTheLiveNames() {
        // A dash would make one run's internal-topic prefix a prefix of another run's.
        assertThatThrownBy(() -> parse("shadow", "clean", "--run", "a-b")).hasMessageContaining("a-z and 0-9");
        assertThatThrownBy(() -> parse("shadow", "clean", "--run", "A")).hasMessageContaining("a-z and 0-9");
        assertThatThrownBy(() -> parse("shadow", "clean", "--run", "")).hasMessageContaining("a-z and 0-9");
        assertThatThrownBy(() -> parse("shadow", "clean")).hasMessageContaining("needs --run");
        assertThatThrownBy(() -> parse("shadow", "compare")).hasMessageContaining("needs --run");
    }

    @Test
    void unknownCommandsAndFlagsAreRefusedByName() {
        assertThat(parse()).isInstanceOf(ReplayCli.Help.class);
        assertThat(parse("--help")).isInstanceOf(ReplayCli.Help.class);
        assertThatThrownBy(() -> parse("rebiuld")).hasMessageContaining("unknown command 'rebiuld'");
        assertThatThrownBy(() -> parse("shadow")).hasMessageContaining("run, compare or clean");
        assertThatThrownBy(() -> parse("shadow", "walk")).hasMessageContaining("unknown command 'shadow walk'");
        assertThatThrownBy(() -> parse("state", "--keyspace", "x", "--frobnicate", "1"))
                .hasMessageContaining("does not take --frobnicate");
        assertThatThrownBy(() -> parse("rebuild", "--run")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("rebuild", "--run", "a", "--run", "b")).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("rebuild", "stray")).hasMessageContaining("unexpected argument 'stray'");
        assertThatThrownBy(() -> parse("rebuild", "--progress", "loud")).hasMessageContaining("auto, bar or json");
    }
}
