package dev.parley.testkit.infra;

import dev.parley.infra.InfraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The repository root: system property {@code parley.home} (failsafe sets it), else the nearest
 * parent directory holding topics.yaml. Public for the {@link TestInfraProvider}s of other modules.
 */
public final class TestHome {
    private TestHome() {
    }

    public static Path find() {
        String prop = System.getProperty("parley.home");
        if (prop != null && !prop.isBlank() && Files.exists(Path.of(prop, "topics.yaml"))) {
            return Path.of(prop).toAbsolutePath();
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("topics.yaml"))) {
                return dir;
            }
        }
        throw new InfraException("cannot find the repository root: set -Dparley.home (no topics.yaml above "
                + System.getProperty("user.dir") + ")");
    }

    /** A fresh directory name for one JVM's data and logs, {@code <home>/target/it-infra/<random>} (not created). */
    public static Path newDataDir(Path home) {
        return home.resolve("target/it-infra").resolve(UUID.randomUUID().toString().substring(0, 8));
    }
}
