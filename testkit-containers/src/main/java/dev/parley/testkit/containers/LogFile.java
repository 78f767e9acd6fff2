package dev.parley.testkit.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.testcontainers.containers.output.OutputFrame;

/**
 * A container's output appended to a file in the data directory, as the local processes keep
 * their logs there: Testcontainers itself shows a container's log only when it fails to start.
 */
final class LogFile implements Consumer<OutputFrame> {
    private final Path file;

    LogFile(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void accept(OutputFrame frame) {
        String text = frame.getUtf8String();
        if (text.isEmpty()) {
            return;
        }
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // A log that cannot be written must not fail the tests.
        }
    }
}
