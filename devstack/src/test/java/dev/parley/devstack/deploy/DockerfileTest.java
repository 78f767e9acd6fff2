package dev.parley.devstack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.devstack.deploy.DockerfileModel.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the images without a Docker engine: each runs as a non-root user on a
 * JRE, carries its healthcheck, starts a jar that the build stage's {@code docker/assemble}
 * produces, and sets only variables that are real settings of its service. {@code ImagesIT} then
 * starts every entry point from an assembled layout.
 */
class DockerfileTest {
    static final Path HOME = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();

    private final DockerfileModel dockerfile = DockerfileModel.read(HOME.resolve("Dockerfile"));

    @Test
    void everyImageRunsAsANonRootUserOnAJreWithTheHealthcheckOfItsKind() {
        assertThat(dockerfile.stages().keySet()).containsAll(images());
        assertThat(dockerfile.args().get("JRE_IMAGE")).contains("-jre");
        for (String image : images()) {
            List<Stage> lineage = dockerfile.lineage(image);
            assertThat(lineage.getLast().base()).as(image + " is built on the JRE image").isEqualTo("${JRE_IMAGE}");
            assertThat(lineage).extracting(Stage::name).as(image).doesNotContain("build");
            String user = dockerfile.inherited(image, "USER").orElse("root");
            assertThat(user.split(":")[0]).as(image + " user").isNotIn("root", "0");
            var healthcheck = dockerfile.inherited(image, "HEALTHCHECK");
            if (image.equals("ops")) {
                assertThat(healthcheck).as("a one-shot tool serves no health endpoint").isEmpty();
            } else {
                assertThat(healthcheck.orElseThrow()).endsWith("CMD [\"parley-healthcheck\"]");
            }
        }
        assertThat(copiesFromContext("service")).containsEntry("docker/healthcheck", "/usr/local/bin/parley-healthcheck");
        assertThat(Files.isExecutable(HOME.resolve("docker/healthcheck"))).isTrue();
    }

    @Test
    void eachServiceImageStartsTheJarItCopiesFromTheAssembledBuildWithItsLibraries() throws IOException {
        List<String> assembled = assembledModules();
        for (ServiceCatalogue service : ServiceCatalogue.values()) {
            if (service == ServiceCatalogue.OPS) {
                continue;
            }
            Stage stage = dockerfile.stages().get(service.image);
            List<String> entrypoint = jsonArray(stage.last("ENTRYPOINT").orElseThrow());
            assertThat(entrypoint.getFirst()).isEqualTo("java");
            // a failover that moves a name (ElastiCache's primary endpoint) is seen within seconds, not 30 s
            assertThat(entrypoint).as(service.image).contains("-Dsun.net.inetaddr.ttl=5");
            String jar = entrypoint.get(entrypoint.indexOf("-jar") + 1);
            Map<String, String> copies = dockerfile.copiesFromBuild(service.image);
            assertThat(copies).as(service.image).containsEntry("/out/" + service.module + "/parley-" + service.module
                    + ".jar", jar).containsEntry("/out/" + service.module + "/libs/", "/app/libs/");
            assertThat(assembled).contains(service.module);
        }
    }

    @Test
    void theOpsImageRunsOpsOrReplayThroughItsScriptWithTopicsYamlBeside() throws IOException {
        Stage ops = dockerfile.stages().get("ops");
        assertThat(jsonArray(ops.last("ENTRYPOINT").orElseThrow())).containsExactly("parley-ops");
        assertThat(copiesFromContext("ops")).containsEntry("docker/parley-ops", "/usr/local/bin/parley-ops")
                .containsEntry("topics.yaml", "/app/topics.yaml");
        Map<String, String> copies = dockerfile.copiesFromBuild("ops");
        String script = Files.readString(HOME.resolve("docker/parley-ops"));
        for (String module : List.of("ops", "replay")) {
            String jar = "/app/parley-" + module + ".jar";
            assertThat(copies).containsEntry("/out/" + module + "/parley-" + module + ".jar", jar)
                    .containsEntry("/out/" + module + "/libs/", "/app/libs/");
            assertThat(script).contains(jar);
        }
        assertThat(ops.last("WORKDIR").or(() -> dockerfile.inherited("ops", "WORKDIR"))).as("ops reads ./topics.yaml")
                .contains("/app");
    }

    @Test
    void theBuildStagePackagesEveryAssembledModuleAndRunsAssemble() throws IOException {
        String run = String.join("\n", dockerfile.stages().get("build").all("RUN"));
        Matcher pl = Pattern.compile("-pl\\s+(\\S+)").matcher(run);
        assertThat(pl.find()).isTrue();
        assertThat(Arrays.asList(pl.group(1).split(","))).containsExactlyInAnyOrderElementsOf(assembledModules());
        assertThat(run).contains("-Dmaven.test.skip=true").contains("docker/assemble /out");
        assertThat(Files.readString(HOME.resolve(".dockerignore"))).contains("**/target/");
    }

    @Test
    void everyVariableAnImageSetsIsADocumentedSettingOfItsService() {
        for (ServiceCatalogue service : ServiceCatalogue.values()) {
            for (String name : dockerfile.environment(service.image).keySet()) {
                assertThat(name).as(service.image + " sets only Parley settings").startsWith("PARLEY_");
                String key = service.keyFor(name).orElseThrow(() -> new AssertionError(
                        service.image + " image sets " + name + ", which no setting of " + service.module + " reads"));
                assertThat(service.documents(HOME, key)).as(key + " in " + service.module + "/CONFIG.md").isTrue();
            }
        }
    }

    static List<String> images() {
        return Arrays.stream(ServiceCatalogue.values()).map(s -> s.image).toList();
    }

    /** The modules {@code docker/assemble} lays out (its {@code for m in ...} list). */
    static List<String> assembledModules() throws IOException {
        Matcher m = Pattern.compile("for m in ([a-z\\- ]+); do").matcher(Files.readString(HOME.resolve("docker/assemble")));
        assertThat(m.find()).as("docker/assemble's module loop").isTrue();
        return List.of(m.group(1).trim().split("\\s+"));
    }

    static List<String> jsonArray(String text) {
        assertThat(text).startsWith("[").endsWith("]");
        return Arrays.stream(text.substring(1, text.length() - 1).split(","))
                .map(String::strip).map(s -> s.substring(1, s.length() - 1)).toList();
    }

    private Map<String, String> copiesFromContext(String stageName) {
        Map<String, String> copies = new LinkedHashMap<>();
        for (String copy : dockerfile.stages().get(stageName).all("COPY")) {
            List<String> words = Arrays.stream(copy.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
            if (!copy.contains("--from=") && words.size() == 2) {
                copies.put(words.get(0), words.get(1));
            }
        }
        return copies;
    }
}
