package dev.parley.common.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.config.ConfigException;
import dev.parley.common.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {
    /** The time, which the test moves. */
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T18:00:00Z"));
    private final InstantSource clock = now::get;
    private final AtomicLong compiledMs = new AtomicLong(40_000);
    private final AtomicBoolean serving = new AtomicBoolean(true);
    private final JitWarmUp check = new JitWarmUp(clock, compiledMs::get, serving::get, Duration.ofSeconds(60));

    /** {@code seconds} pass, the JIT compiling {@code msPerSecond} in each. */
    private HealthCheck.Result after(int seconds, long msPerSecond) {
        HealthCheck.Result last = null;
        for (int i = 0; i < seconds; i++) {
            now.set(now.get().plusSeconds(1));
            compiledMs.addAndGet(msPerSecond);
            last = check.check();
        }
        return last;
    }

    @Test
    void anInstanceWhoseJitIsQuietIsReadyAfterOneWindow() {
        assertThat(check.check().up()).isFalse();

        assertThat(after(4, 10).up()).isFalse();
        assertThat(after(1, 10).up()).isTrue();
    }

    @Test
    void anInstanceThatIsStillCompilingIsHeldBackUntilItsJitGoesQuiet() {
        check.check();

        HealthCheck.Result compiling = after(20, 300);
        assertThat(compiling.up()).isFalse();
        assertThat(compiling.detail()).contains("compiling 300 ms a second");
        assertThat(after(4, 20).up()).as("quiet for less than a window").isFalse();
        assertThat(after(6, 20).up()).isTrue();
    }

    @Test
    void theWaitEndsAfterItsLongestWhateverTheJit() {
        check.check();

        assertThat(after(59, 400).up()).isFalse();
        assertThat(after(1, 400).up()).isTrue();
    }

    @Test
    void onceWarmItStaysUpThroughLaterCompilation() {
        check.check();
        after(5, 0);

        assertThat(after(30, 1_000).up()).isTrue();
        serving.set(false);
        assertThat(check.check().up()).as("gates a start, not the instance's life").isTrue();
    }

    @Test
    void nothingIsMeasuredWhileTheInstanceIsNotServingAndTheWaitStartsAgainWhenItIs() {
        serving.set(false);
        assertThat(after(30, 0).up()).as("quiet, but not yet doing its work").isFalse();

        serving.set(true);
        check.check();
        assertThat(after(3, 0).up()).isFalse();
        serving.set(false); // a second rebalance: its tasks arrive now
        assertThat(after(1, 0).up()).isFalse();
        serving.set(true);
        check.check();
        assertThat(after(4, 200).up()).isFalse();
        assertThat(after(55, 200).up()).as("the longest wait counts from serving again").isFalse();
        assertThat(after(1, 200).up()).isTrue();
    }

    @Test
    void noWaitWhenTurnedOff() {
        assertThat(JitWarmUp.of(clock, () -> false, Duration.ZERO).check().up()).isTrue();
    }

    @Test
    void aServiceKeyWaitsFortyFiveSecondsByDefaultZeroForNoneAndAtMostFiveMinutes() {
        assertThat(JitWarmUp.maxWait(Settings.of(java.util.Map.of()), "svc.warm-up-wait")).hasSeconds(45);
        Settings off = Settings.of(java.util.Map.of("svc.warm-up-wait", "0s"));
        assertThat(JitWarmUp.maxWait(off, "svc.warm-up-wait")).isZero();
        off.validate();
        Settings atMost = Settings.of(java.util.Map.of("svc.warm-up-wait", "5m"));
        assertThat(JitWarmUp.maxWait(atMost, "svc.warm-up-wait")).hasMinutes(5);
        atMost.validate();
        Settings tooLong = Settings.of(java.util.Map.of("svc.warm-up-wait", "301s"));
        JitWarmUp.maxWait(tooLong, "svc.warm-up-wait");
        assertThatThrownBy(tooLong::validate).isInstanceOf(ConfigException.class)
                .hasMessageContaining("svc.warm-up-wait must be at most 5m");
        assertThat(JitWarmUp.of(java.time.Clock.systemUTC(), () -> false, Duration.ZERO).check())
                .isEqualTo(HealthCheck.Result.up("not waited for"));
    }
}
