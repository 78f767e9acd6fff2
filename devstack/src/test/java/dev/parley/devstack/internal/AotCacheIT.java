package dev.parley.devstack.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.infra.AotCache;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM trains its AOT cache, writes it when stopped cleanly, and the next process of the
 * service starts from it: the cache file is mapped into that process. The service is a small
 * program compiled here (it says whether an AOT cache is mapped, then READY, then waits to be
 * stopped), run by {@link ServiceProcess} exactly as the stack runs Parley's services.
 */
class AotCacheIT {
    private static final String SOURCE = """
            import java.nio.file.*;
            public class Tiny {
                public static void main(String[] args) throws Exception {
                    boolean mapped = Files.readString(Path.of("/proc/self/maps")).contains(".aot");
                    System.out.println("AOT-MAPPED " + mapped);
                    System.out.println("READY tiny");
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void theFirstProcessTrainsTheCacheAndTheNextStartsFromIt() throws IOException {
        assumeTrue(Runtime.version().feature() >= AotCache.FIRST_JDK, "AOT caches in one step need JDK 25");
        Path jar = tinyJar();
        Path aotDir = tmp.resolve("aot");
        AotCache aot = new AotCache(aotDir, Runtime.version().feature());
        ServiceProcess p = new ServiceProcess(new ServiceSpec("tiny", "tiny", "tiny", "-", Map.of()), java(), jar,
                tmp, tmp.resolve("tiny.log"), Duration.ofSeconds(60), Clock.systemUTC(), aot);

        p.start();
        assertThat(p.aotUse()).isEqualTo(AotCache.Use.TRAIN);
        p.stop();
        assertThat(aotDir.resolve("tiny.aot")).as("written at the clean stop").isNotEmptyFile();

        p.start();
        assertThat(p.aotUse()).isEqualTo(AotCache.Use.USE);
        p.stop();
        assertThat(Files.readAllLines(tmp.resolve("tiny.log")))
                .as("the first process ran without a cache, the second mapped it")
                .filteredOn(l -> l.startsWith("AOT-MAPPED ")).containsExactly("AOT-MAPPED false", "AOT-MAPPED true");
    }

    private Path tinyJar() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src")).resolve("Tiny.java");
        Files.writeString(src, SOURCE);
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Tiny");
        Path jar = Files.createDirectories(tmp.resolve("tiny/target")).resolve("tiny.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("Tiny.class"));
            j.write(Files.readAllBytes(classes.resolve("Tiny.class")));
            j.closeEntry();
        }
        return jar;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
