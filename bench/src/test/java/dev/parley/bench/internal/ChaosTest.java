package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bench.BenchConfig;
import org.junit.jupiter.api.Test;

/** Which instances each rolling restart restarts, in order: the stack's first one, then the chaos phase's second. */
class ChaosTest {
    @Test
    void eachRollingFaultRestartsBothInstancesOfItsTierFirstOneFirst() {
        assertThat(Chaos.rolled("topology-rolling")).containsExactly("topology", "topology-2");
        assertThat(Chaos.rolled("sinks-rolling")).containsExactly("sinks", "sinks-2");
        for (String fault : BenchConfig.ALL_FAULTS) {
            assertThat(Chaos.rolled(fault)).as(fault).hasSize(fault.endsWith("-rolling") ? 2 : 0);
        }
    }
}
