package dev.parley.infra.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A server's log, read from the offset where the current start began: the file is appended to
 * across restarts, and a "started" line of an earlier run must not count.
 */
public final class LogFile {
    private static final int MAX_READ = 4 * 1024 * 1024;
    private final Path path;
    private long offset;

    public LogFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Remembers the current end of the file: later reads see only what is written after this. */
    public void markEnd() {
        try {
            offset = Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            offset = 0;
        }
    }

    /** Text written since {@link #markEnd()} (at most the last 4 MiB of it). */
    public String sinceMark() {
        if (!Files.exists(path)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long end = f.length();
            long from = Math.max(offset, end - MAX_READ);
            if (end <= from) {
                return "";
            }
            byte[] b = new byte[(int) (end - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether any of the markers appears in the text written since the mark. */
    public boolean containsAny(List<String> markers) {
        String text = sinceMark();
        return markers.stream().anyMatch(text::contains);
    }

    /** The last line since the mark that looks like an error, shortened for a one-line message; "" if none. */
    public String lastProblem() {
        return lastProblem(sinceMark());
    }

    static String lastProblem(String text) {
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            String u = l.toUpperCase(Locale.ROOT);
            if (u.contains("ERROR") || u.contains("FATAL") || u.contains("EXCEPTION") || u.startsWith("CAUSED BY")) {
                return l.length() > 240 ? l.substring(0, 240) + "..." : l;
            }
        }
        return "";
    }
}
