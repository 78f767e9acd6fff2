package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanoutTest {

    @Test
    void publishesCountsSpublishCallsOfInfoCommandstatsNotTheSentinelsPublish() {
        String info = "# Commandstats\r\n"
                + "cmdstat_hset:calls=40,usec=100,usec_per_call=2.50,rejected_calls=0,failed_calls=0\r\n"
                + "cmdstat_spublish:calls=7,usec=30,usec_per_call=4.29,rejected_calls=0,failed_calls=0\r\n"
                + "cmdstat_publish:calls=3,usec=9,usec_per_call=3.00,rejected_calls=0,failed_calls=0\r\n";
        assertThat(Fanout.publishes(info)).isEqualTo(7);
        assertThat(Fanout.publishes("# Commandstats\r\n")).isZero();
    }
}
