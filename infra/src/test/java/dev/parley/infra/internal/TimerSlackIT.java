package dev.parley.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starts real child processes ({@code cat}) and reads their timer slack back from the kernel. */
class TimerSlackIT {
    @Test
    void theChildGetsTheSlackAndThisJvmKeepsItsOwn() throws Exception {
        long before = TimerSlack.current();
        assertThat(slackOfChild(Duration.ofMillis(1))).isEqualTo("1000000");
        assertThat(slackOfChild(Duration.ofMillis(2))).isEqualTo("2000000");
        assertThat(TimerSlack.current()).as("the calling thread's own").isEqualTo(before).isPositive();
        assertThat(slackOfChild(Duration.ZERO)).as("zero: the default, inherited from here").isEqualTo(Long.toString(before));
    }

    private static String slackOfChild(Duration slack) throws Exception {
        Process p = TimerSlack.start(new ProcessBuilder("cat", "/proc/self/timerslack_ns"), slack);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
