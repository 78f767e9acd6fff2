package dev.parley.infra.internal;

import dev.parley.infra.InfraException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the servers' binaries and jars; a missing one is an {@link InfraException} that says how to get it. */
public final class Binaries {
    private Binaries() {
    }

    /** {@code name} on the PATH. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    public static Path redisServer() {
        return onPath("redis-server").or(() -> Optional.of(Path.of("/usr/bin/redis-server")).filter(Files::isExecutable))
                .orElseThrow(() -> new InfraException(
                        "redis-server not found: apt-get install -y --no-install-recommends redis-server"));
    }

    /** The bin directory of the highest PostgreSQL version under {@code root} (normally /usr/lib/postgresql). */
    public static Path postgresBin(Path root) {
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                Optional<Path> best = s.filter(p -> Files.isExecutable(p.resolve("bin/pg_ctl")))
                        .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())));
                if (best.isPresent()) {
                    return best.get().resolve("bin");
                }
            } catch (IOException e) {
                // reported below
            }
        }
        throw new InfraException("PostgreSQL not found under " + root
                + ": apt-get install -y --no-install-recommends postgresql");
    }

    /** The directory of a server's jars, built by the reactor module {@code module} (e.g. dist/kafka). */
    public static Path distLib(Path home, String module, String displayName) {
        Path lib = home.resolve(module).resolve("target/lib");
        boolean hasJars;
        try (Stream<Path> s = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            hasJars = s.anyMatch(p -> p.toString().endsWith(".jar"));
        } catch (IOException e) {
            hasJars = false;
        }
        if (!hasJars) {
            throw new InfraException(displayName + " jars missing in " + lib + ": build them with ./mvnw -pl "
                    + module + " package");
        }
        return lib;
    }

    /** A jar in {@code lib} whose name starts with {@code prefix}, e.g. {@code jamm-}. */
    public static Optional<Path> jarStartingWith(Path lib, String prefix) {
        try (Stream<Path> s = Files.list(lib)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar"))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The java launcher of a JDK home. */
    public static Path java(Path javaHome) {
        return javaHome.resolve("bin/java");
    }
}
