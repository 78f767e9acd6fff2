package dev.parley.devstack.internal;

import dev.parley.common.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One of Parley's services as the local stack runs it: {@code java -jar <module>/target/<artifact>-*.jar}
 * with its configuration passed as {@code PARLEY_*} environment variables.
 *
 * @param name     the short name ({@code auth}, {@code topology}, {@code sinks}, {@code edge}); also the log file name
 * @param module   the module folder under the checkout's root
 * @param artifact the Maven artifactId, which names the jar
 * @param endpoint what the progress line shows next to the name ({@code 127.0.0.1:8081}, or {@code -})
 * @param settings configuration keys (as in the service's CONFIG.md) and their values
 */
public record ServiceSpec(String name, String module, String artifact, String endpoint, Map<String, String> settings) {

    public ServiceSpec {
        settings = Map.copyOf(settings);
    }

    /** The settings as the environment variables the service reads. */
    /** This spec with {@code extra} settings added over its own. */
    public ServiceSpec withSettings(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new java.util.LinkedHashMap<>(settings);
        merged.putAll(extra);
        return new ServiceSpec(name, module, artifact, endpoint, merged);
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        settings.forEach((k, v) -> env.put(Settings.envName(k), v));
        return env;
    }

    /** Where Maven puts the runnable jar: {@code <home>/<module>/target}. */
    public Path targetDir(Path home) {
        return home.resolve(module).resolve("target");
    }

    /**
     * The runnable jar, newest first if several versions were built; not the sources, tests or
     * javadoc jars.
     */
    public Optional<Path> findJar(Path home) {
        Path dir = targetDir(home);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> isRunnableJar(p.getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .max(Comparator.comparing(ServiceSpec::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isRunnableJar(String fileName) {
        if (!fileName.startsWith(artifact + "-") || !fileName.endsWith(".jar")) {
            return false;
        }
        String rest = fileName.substring(artifact.length() + 1, fileName.length() - ".jar".length());
        return !rest.isEmpty() && Character.isDigit(rest.charAt(0))
                && !rest.endsWith("-sources") && !rest.endsWith("-tests")
                && !rest.endsWith("-test-sources") && !rest.endsWith("-javadoc");
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
