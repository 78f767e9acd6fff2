package dev.parley.infra;

import dev.parley.infra.internal.JdkRelease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Locates JDKs that servers need and the running JVM may not be (Cassandra 5.0 runs on JDK 17 only). */
public final class Jdks {
    /** System property naming a JDK 17 home explicitly; checked first. */
    public static final String JAVA17_PROPERTY = "parley.java17.home";
    /** Environment variable naming a JDK 17 home; checked second. */
    public static final String JAVA17_ENV = "PARLEY_JAVA17_HOME";

    private Jdks() {
    }

    /**
     * A JDK 17 home: {@value #JAVA17_PROPERTY}, then {@value #JAVA17_ENV}, then the running JVM if it
     * is 17, then {@code /usr/lib/jvm/*} (newest 17.x first).
     *
     * @throws InfraException when none is found
     */
    public static Path java17() {
        List<Path> candidates = new ArrayList<>();
        String explicit = System.getProperty(JAVA17_PROPERTY, System.getenv(JAVA17_ENV));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (JdkRelease.majorVersion(p) != 17) {
                throw new InfraException(JAVA17_PROPERTY + "/" + JAVA17_ENV + " = " + p + " is not a JDK 17 home");
            }
            return p;
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> s = Files.list(jvms)) {
                s.sorted((a, b) -> b.getFileName().toString().compareTo(a.getFileName().toString()))
                        .forEach(candidates::add);
            } catch (IOException e) {
                // fall through: no candidates from /usr/lib/jvm
            }
        }
        return candidates.stream()
                .filter(p -> JdkRelease.majorVersion(p) == 17)
                .findFirst()
                .orElseThrow(() -> new InfraException(
                        "no JDK 17 found for Cassandra: apt-get install openjdk-17-jdk-headless or set " + JAVA17_ENV));
    }
}
