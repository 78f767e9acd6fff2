package dev.parley.devstack.deploy;

import static dev.parley.devstack.deploy.DockerfileTest.HOME;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' file systems as far as this machine can build them: {@code docker/assemble} lays out
 * the packaged modules as the Dockerfile's build stage does, each image's {@code /app} is put
 * together from its stage's {@code COPY --from=build} lines, and then each image's own entry point
 * runs from there (the service jars up to their fail-fast config check, ops and replay through the
 * ops image's script). The healthcheck script is run against a real HTTP listener.
 */
class ImagesIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    static Path work;
    private static Path out;
    private static final DockerfileModel DOCKERFILE = DockerfileModel.read(HOME.resolve("Dockerfile"));

    @BeforeAll
    static void assemble() throws Exception {
        out = work.resolve("out");
        Run r = run(List.of("bash", HOME.resolve("docker/assemble").toString(), out.toString()), Map.of());
        assertThat(r.exit).as(r.output).isZero();
    }

    @Test
    void everyLibraryAJarNamesIsBesideIt() throws Exception {
        for (String module : DockerfileTest.assembledModules()) {
            Path jar = out.resolve(module).resolve("parley-" + module + ".jar");
            try (JarFile j = new JarFile(jar.toFile())) {
                String classPath = j.getManifest().getMainAttributes().getValue("Class-Path");
                assertThat(classPath).as(module).isNotBlank();
                for (String entry : classPath.trim().split("\\s+")) {
                    assertThat(out.resolve(module).resolve(entry)).as(module + " needs " + entry).isRegularFile();
                }
            }
        }
    }

    @Test
    void eachServiceImageStartsItsJarAndFailsFastOnABadSetting() throws Exception {
        for (ServiceCatalogue service : ServiceCatalogue.values()) {
            if (service == ServiceCatalogue.OPS) {
                continue;
            }
            Path app = imageApp(service.image);
            List<String> command = new ArrayList<>(DockerfileTest.jsonArray(
                    DOCKERFILE.stages().get(service.image).last("ENTRYPOINT").orElseThrow()));
            command.replaceAll(a -> a.equals("java") ? JAVA : a.replace("/app/", app + "/"));
            Map<String, String> env = new HashMap<>(DOCKERFILE.environment(service.image));
            env.put("PARLEY_OBSERVE_PORT", "not-a-port");
            Run r = run(command, env);
            assertThat(r.exit).as(service.image + ": " + r.output).isEqualTo(2);
            assertThat(r.output).as(service.image).containsPattern("(?m)^FATAL [a-z]+: .*observe\\.port");
        }
    }

    @Test
    void theOpsImageScriptRunsOpsAndReplayFromItsApp() throws Exception {
        Path app = imageApp("ops");
        Path script = work.resolve("parley-ops");
        Files.writeString(script, Files.readString(HOME.resolve("docker/parley-ops"))
                .replace("exec java ", "exec " + JAVA + " ").replace("/app/", app + "/"));
        Run ops = run(List.of("bash", script.toString(), "help"), Map.of());
        assertThat(ops.exit).as(ops.output).isZero();
        assertThat(ops.output).contains("ops topics apply").contains("--min-insync-replicas");
        Run replay = run(List.of("bash", script.toString(), "replay", "help"), Map.of());
        assertThat(replay.exit).as(replay.output).isZero();
        assertThat(replay.output).contains("replay rebuild").contains("replay verify");
    }

    @Test
    void theHealthcheckPassesOnlyWhileTheReadyEndpointAnswers200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {200};
        server.createContext("/", ex -> {
            int code = ex.getRequestURI().getPath().equals("/health/ready") ? status[0] : 404;
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
        try {
            Map<String, String> env = Map.of("PARLEY_OBSERVE_PORT", Integer.toString(server.getAddress().getPort()));
            List<String> check = List.of("bash", HOME.resolve("docker/healthcheck").toString());
            assertThat(run(check, env).exit).isZero();
            status[0] = 503;
            assertThat(run(check, env).exit).as("draining or a dependency down").isEqualTo(1);
            assertThat(run(List.of("bash", HOME.resolve("docker/healthcheck").toString(), "/other"), env).exit)
                    .isEqualTo(1);
        } finally {
            server.stop(0);
        }
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(run(List.of("bash", HOME.resolve("docker/healthcheck").toString()),
                Map.of("PARLEY_OBSERVE_PORT", Integer.toString(closed))).exit).as("nothing listening").isEqualTo(1);
    }

    /** The image's /app, put together from the stage's COPY --from=build lines. */
    private static Path imageApp(String image) throws IOException {
        Path app = work.resolve("image-" + image).resolve("app");
        if (Files.isDirectory(app)) {
            return app;
        }
        Files.createDirectories(app);
        for (Map.Entry<String, String> copy : DOCKERFILE.copiesFromBuild(image).entrySet()) {
            Path from = out.resolve(copy.getKey().substring("/out/".length()));
            Path to = app.resolve(copy.getValue().substring("/app/".length()));
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
                try (Stream<Path> files = Files.list(from)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return app;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PARLEY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end: " + output);
        }
        return new Run(p.exitValue(), output);
    }
}
