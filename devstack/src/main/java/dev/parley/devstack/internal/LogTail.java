package dev.parley.devstack.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines a child process appends to its log file, from a given offset on. The child
 * writes straight into the file (not through a pipe of ours), so it never blocks on us and the
 * log outlives the launcher.
 */
final class LogTail {
    private final Path file;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LogTail(Path file, long offset) {
        this.file = file;
        this.position = offset;
    }

    /** Complete lines appended since the last call (without their line ends). */
    List<String> newLines() throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(8192);
            int n;
            while ((n = ch.read(buf, position)) > 0) {
                position += n;
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b == '\n') {
                        lines.add(stripCr(partial.toString(StandardCharsets.UTF_8)));
                        partial.reset();
                    } else {
                        partial.write(b);
                    }
                }
                buf.clear();
            }
        }
        return lines;
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
