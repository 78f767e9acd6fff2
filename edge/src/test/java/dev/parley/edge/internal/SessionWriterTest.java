package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionWriterTest {
    private final FakeWsSession ws = new FakeWsSession();
    private final AtomicInteger failures = new AtomicInteger();
    private final SessionWriter writer = new SessionWriter(ws, 100, e -> failures.incrementAndGet());

    @Test
    void anIdleWriterHoldsNoThreadAndEachBurstStartsOneThatEnds() throws Exception {
        String name = "ws-writer-test";
        writer.text("queued before start");
        Thread.sleep(50);
        assertThat(ws.sent).as("nothing is written before start").isEmpty();
        assertThat(writer.hasThread()).isFalse();
        writer.start(name);
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.sent.size() == 1 && !writer.hasThread());
        List<String> expected = new ArrayList<>(List.of("queued before start"));
        for (int burst = 0; burst < 20; burst++) {
            for (int i = 0; i < 5; i++) {
                String text = burst + "/" + i;
                expected.add(text);
                assertThat(writer.text(text)).isEqualTo(SessionWriter.Offer.ACCEPTED);
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.sent.size() == expected.size() && !writer.hasThread());
        assertThat(ws.sent).containsExactlyElementsOf(expected);
    }

    @Test
    void aCloseOfAnIdleWriterStartsADrainerThatSendsTheCloseFrameAfterWhatIsQueued() throws Exception {
        writer.start("ws-writer-close");
        writer.text("last words");
        writer.close(1001, "draining", false);
        assertThat(writer.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(ws.sent).containsExactly("last words");
        assertThat(ws.closeCode).isEqualTo(1001);
        assertThat(writer.text("too late")).isEqualTo(SessionWriter.Offer.CLOSED);
    }

    @Test
    void aFailedSendFinishesTheWriterOnce() throws Exception {
        writer.start("ws-writer-fail");
        ws.fail = true;
        writer.text("a");
        assertThat(writer.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(writer.text("b")).isEqualTo(SessionWriter.Offer.CLOSED);
        assertThat(failures.get()).isEqualTo(1);
    }

    @Test
    void awaitTerminationTimesOutWhileTheWriterIsOpen() throws Exception {
        writer.start("ws-writer-open");
        assertThat(writer.awaitTermination(Duration.ofMillis(50))).isFalse();
        writer.stop(Duration.ofSeconds(1));
        assertThat(writer.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }
}
