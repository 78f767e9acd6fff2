package dev.parley.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ExceptionsTest {
    @Test
    void theOutermostMessageThenEachCauseByClassOnOneLine() {
        String line = Exceptions.oneLine(new CompletionException(new IllegalStateException("cannot read Message",
                new IllegalArgumentException("bad\n  thing"))));

        assertThat(line).isEqualTo("IllegalStateException: cannot read Message <- IllegalArgumentException: bad thing");
    }

    @Test
    void aCauseAlreadyQuotedIsLeftOutAndAMessagelessOneIsNamed() {
        IOException io = new IOException("disk full");
        String line = Exceptions.oneLine(new ExecutionException(new RuntimeException("write failed: disk full",
                new IllegalStateException(io))));

        assertThat(line).isEqualTo(
                "RuntimeException: write failed: disk full <- IllegalStateException: java.io.IOException: disk full");
        assertThat(Exceptions.oneLine(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void aLongChainStopsGrowingPastTheLimit() {
        Throwable t = new RuntimeException("x".repeat(600));
        for (int i = 0; i < 50; i++) {
            t = new RuntimeException("y".repeat(600) + i, t);
        }

        assertThat(Exceptions.oneLine(t)).hasSizeLessThan(Exceptions.MAX_CHARS + 700).doesNotContain("\n");
    }
}
