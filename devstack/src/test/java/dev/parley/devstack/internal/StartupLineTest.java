package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupLineTest {
    @Test
    void readyAndFatalLinesAreRecognised() {
        assertThat(StartupLine.of("READY edge http=127.0.0.1:8080 node=edge-1")).isEqualTo(StartupLine.READY);
        assertThat(StartupLine.of("FATAL auth: db.url is required")).isEqualTo(StartupLine.FATAL);
        assertThat(StartupLine.of("2025-01-01 12:00:00 INFO READY soon")).isEqualTo(StartupLine.OTHER);
        assertThat(StartupLine.of("READYING")).isEqualTo(StartupLine.OTHER);
        assertThat(StartupLine.of("Exception in thread \"main\" java.lang.NoClassDefFoundError: io/netty/X"))
                .isEqualTo(StartupLine.CRASH);
        assertThat(StartupLine.of("Exception in thread \"kafka-producer\" java.lang.Error")).isEqualTo(StartupLine.OTHER);
    }

    @Test
    void theObserveAddressIsReadFromTheReadyLine() {
        assertThat(StartupLine.observeUrl("READY edge http=127.0.0.1:8080 node=edge-1 observe=127.0.0.1:41234"))
                .hasToString("http://127.0.0.1:41234");
        assertThat(StartupLine.observeUrl("READY topology application=parley-topology")).isNull();
        assertThat(StartupLine.observeUrl("READY sinks observe=")).isNull();
    }

    @Test
    void theTailReturnsOnlyCompleteNewLines(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("edge.log");
        Files.writeString(log, "old run\nREADY edge\n");
        LogTail tail = new LogTail(log, Files.size(log));
        assertThat(tail.newLines()).isEmpty();

        append(log, "starting\r\nREA");
        assertThat(tail.newLines()).containsExactly("starting");
        append(log, "DY edge http=127.0.0.1:8080\nnext ünïcode\n");
        assertThat(tail.newLines()).containsExactly("READY edge http=127.0.0.1:8080", "next ünïcode");
        assertThat(tail.newLines()).isEmpty();
    }

    @Test
    void aMissingLogHasNoLinesYet(@TempDir Path dir) throws IOException {
        assertThat(new LogTail(dir.resolve("none.log"), 0).newLines()).isEmpty();
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
