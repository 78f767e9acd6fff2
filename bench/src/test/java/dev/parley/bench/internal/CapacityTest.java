package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapacityTest {

    @Test
    void sourceAddressesMoveToTheNextLoopbackAddressEveryPerAddressConnections() throws Exception {
        assertThat(Capacity.source(0, 1000).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Capacity.source(999, 1000).getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(Capacity.source(1000, 1000).getHostAddress()).isEqualTo("127.0.0.2");
        assertThat(Capacity.source(254_000, 1000).getHostAddress()).isEqualTo("127.0.1.1");
    }

    @Test
    void perConnectionCostsAreTheGrowthDividedByTheConnections() {
        Capacity.Result r = new Capacity.Result(1000, "max", 1, 10_000_000, 27_000_000, 100_000_000, 140_000_000);
        assertThat(r.heapBytesPerConnection()).isEqualTo(17_000);
        assertThat(r.rssBytesPerConnection()).isEqualTo(40_000);
    }
}
