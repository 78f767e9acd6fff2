package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File writes that fail as {@link InfraException}s. */
public final class Files2 {
    private Files2() {
    }

    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new InfraException("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InfraException("cannot create " + dir + ": " + e.getMessage());
        }
    }
}
