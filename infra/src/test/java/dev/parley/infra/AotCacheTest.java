package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process of a service trains its cache; later ones start from it until a jar is rebuilt. */
class AotCacheTest {
    private static final Instant BUILT = Instant.parse("2026-12-03T06:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void theFirstProcessTrainsTheOthersRunPlainUntilItHasStopped() throws IOException {
        Path jar = jar("edge", BUILT);
        AotCache aot = new AotCache(tmp.resolve("aot"), 25);

        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.TRAIN);
        assertThat(aot.options("edge", AotCache.Use.TRAIN)).containsExactly("-XX:AOTCacheOutput=" + tmp.resolve("aot/edge.aot"));
        assertThat(aot.next("edge", jar)).as("a second instance while the first trains").isEqualTo(AotCache.Use.NONE);
        assertThat(aot.next("auth", jar("auth", BUILT))).as("each service its own").isEqualTo(AotCache.Use.TRAIN);

        Files.writeString(tmp.resolve("aot/edge.aot"), "cache"); // what the JVM writes when the trainer stops
        aot.ended("edge", AotCache.Use.TRAIN);
        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.USE);
        assertThat(aot.options("edge", AotCache.Use.USE)).containsExactly("-XX:AOTCache=" + tmp.resolve("aot/edge.aot"));
    }

    @Test
    void aTrainerThatDiedWithoutACacheLetsTheNextProcessTrain() throws IOException {
        Path jar = jar("edge", BUILT);
        AotCache aot = new AotCache(tmp.resolve("aot"), 25);
        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.TRAIN);
        aot.ended("edge", AotCache.Use.TRAIN); // SIGKILL: no cache written
        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.TRAIN);
    }

    @Test
    void aCacheOlderThanTheJarOrALibraryIsDeletedAndTrainedAgain() throws IOException {
        Path jar = jar("edge", BUILT);
        Path cache = Files.createDirectories(tmp.resolve("aot")).resolve("edge.aot");
        Files.writeString(cache, "cache");
        Files.setLastModifiedTime(cache, FileTime.from(BUILT.plusSeconds(60)));
        AotCache aot = new AotCache(tmp.resolve("aot"), 25);
        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.USE);

        Path lib = Files.writeString(jar.resolveSibling("libs").resolve("kafka-clients.jar"), "newer");
        Files.setLastModifiedTime(lib, FileTime.from(BUILT.plusSeconds(120)));
        assertThat(aot.next("edge", jar)).isEqualTo(AotCache.Use.TRAIN);
        assertThat(cache).doesNotExist();
    }

    @Test
    void aFolderOfJarsIsAClassPathToo() throws IOException {
        Path lib = Files.createDirectories(tmp.resolve("dist/kafka/target/lib"));
        Files.setLastModifiedTime(Files.writeString(lib.resolve("kafka-server.jar"), "jar"), FileTime.from(BUILT));
        Files.setLastModifiedTime(lib, FileTime.from(BUILT));
        Path cache = Files.createDirectories(tmp.resolve("aot")).resolve("kafka.aot");
        Files.setLastModifiedTime(Files.writeString(cache, "cache"), FileTime.from(BUILT.plusSeconds(60)));
        AotCache aot = new AotCache(tmp.resolve("aot"), 25);
        assertThat(aot.next("kafka", lib)).isEqualTo(AotCache.Use.USE);
        aot.ended("kafka", AotCache.Use.USE);

        Files.setLastModifiedTime(lib, FileTime.from(BUILT.plusSeconds(90)));
        assertThat(aot.next("kafka", lib)).as("the build refilled the folder with the same jars")
                .isEqualTo(AotCache.Use.USE);
        aot.ended("kafka", AotCache.Use.USE);

        Files.setLastModifiedTime(lib.resolve("kafka-server.jar"), FileTime.from(BUILT.plusSeconds(120)));
        Files.setLastModifiedTime(lib, FileTime.from(BUILT));
        assertThat(aot.next("kafka", lib)).as("a jar in the folder was replaced").isEqualTo(AotCache.Use.TRAIN);
        assertThat(cache).doesNotExist();
    }

    @Test
    void offWithoutAFolderOrBeforeJdk25() throws IOException {
        Path jar = jar("edge", BUILT);
        assertThat(AotCache.off().next("edge", jar)).isEqualTo(AotCache.Use.OFF);
        assertThat(new AotCache(tmp.resolve("aot"), 24).next("edge", jar)).isEqualTo(AotCache.Use.OFF);
        assertThat(AotCache.off().options("edge", AotCache.Use.OFF)).isEmpty();
    }

    private Path jar(String module, Instant modified) throws IOException {
        Path target = Files.createDirectories(tmp.resolve(module).resolve("target"));
        Files.createDirectories(target.resolve("libs"));
        Path jar = Files.writeString(target.resolve("parley-" + module + ".jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(modified));
        return jar;
    }
}
