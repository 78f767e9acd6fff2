package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Ahead-of-time caches for the JVMs the local stack runs (JDK 25+: classes loaded and linked ahead
 * of time, JEP 483, and the method profiles of an earlier run, JEP 515), one per service (Parley's
 * services, and Kafka) in one folder. A JVM started cold spends its first seconds loading classes
 * and its first minute compiling, on the same cores as everything else here: the bench's stack
 * became ready about twice as fast with caches, and a restarted Kafka broker serves sooner.
 *
 * <p>A service with no usable cache trains one: its first process runs with
 * {@code -XX:AOTCacheOutput}, and the JVM writes the cache when that process stops cleanly (a child
 * JVM assembles it, which takes a few seconds more at stop). Later processes start from it. A cache
 * older than the service's class path (its jar and the libraries beside it, or a folder of jars) is
 * deleted and trained again, since the JVM would refuse it anyway. The JVM checks the rest itself (same JDK, same class path) and runs
 * without a cache it cannot use, so a cache can make a start faster but never break one.
 */
public final class AotCache {
    /** What a process does with its service's cache. */
    public enum Use {
        /** No caches: turned off, or a JDK before 25. */
        OFF,
        /** Starts from the cache. */
        USE,
        /** Records this run and writes the cache when it stops. */
        TRAIN,
        /** Neither: another process of the service is training. */
        NONE;

        /** For a progress line: what the process did with its cache, or nothing. */
        public String note() {
            return switch (this) {
                case USE -> " (from its AOT cache)";
                case TRAIN -> " (training its AOT cache, written when it stops)";
                case OFF, NONE -> "";
            };
        }
    }

    /** The JDK that can write a cache in one step ({@code -XX:AOTCacheOutput}, JEP 514). */
    public static final int FIRST_JDK = 25;

    private final Path dir;
    private final int javaFeature;
    private final Set<String> training = ConcurrentHashMap.newKeySet();

    /** @param dir the caches' folder, or null for none */
    public AotCache(Path dir, int javaFeature) {
        this.dir = dir;
        this.javaFeature = javaFeature;
    }

    public static AotCache off() {
        return new AotCache(null, 0);
    }

    /**
     * What the next process of {@code service} will do; a training slot is taken by TRAIN.
     *
     * @param classPath the service's jar (its libraries in {@code libs/} beside it), or a folder of jars
     */
    public synchronized Use next(String service, Path classPath) {
        if (dir == null || javaFeature < FIRST_JDK) {
            return Use.OFF;
        }
        Path cache = file(service);
        try {
            if (Files.exists(cache) && Files.getLastModifiedTime(cache).compareTo(newestOf(classPath)) < 0) {
                Files.delete(cache);
            }
            if (Files.exists(cache) && !training.contains(service)) {
                return Use.USE;
            }
            if (training.add(service)) {
                Files.createDirectories(dir);
                return Use.TRAIN;
            }
            return Use.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("AOT cache " + cache + ": " + e.getMessage(), e);
        }
    }

    /** The JVM options for {@code use}. */
    public List<String> options(String service, Use use) {
        return switch (use) {
            case USE -> List.of("-XX:AOTCache=" + file(service));
            case TRAIN -> List.of("-XX:AOTCacheOutput=" + file(service));
            case OFF, NONE -> List.of();
        };
    }

    /** A process of {@code service} that ran with {@code use} has ended: its training slot is free again. */
    public synchronized void ended(String service, Use use) {
        if (use == Use.TRAIN) {
            training.remove(service);
        }
    }

    Path file(String service) {
        return dir.resolve(service + ".aot");
    }

    /**
     * The newest file of the class path: the jar and the jars in the {@code libs/} folder beside it, or a
     * folder's jars. Not a folder's own time: the build empties and refills {@code dist/kafka/target/lib}
     * on every run (copying each jar with its time), and that alone must not cost the broker its cache.
     */
    private static FileTime newestOf(Path classPath) throws IOException {
        FileTime newest = Files.isDirectory(classPath) ? FileTime.fromMillis(0) : Files.getLastModifiedTime(classPath);
        Path libs = Files.isDirectory(classPath) ? classPath : classPath.resolveSibling("libs");
        if (Files.isDirectory(libs)) {
            try (Stream<Path> files = Files.list(libs)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    FileTime t = Files.getLastModifiedTime(p);
                    newest = t.compareTo(newest) > 0 ? t : newest;
                }
            }
        }
        return newest;
    }
}
