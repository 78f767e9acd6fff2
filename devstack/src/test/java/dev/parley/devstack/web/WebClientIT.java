package dev.parley.devstack.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.devstack.Instance;
import dev.parley.devstack.LocalStack;
import dev.parley.devstack.SharedStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client in a real browser (Debian's chromium, driven by playwright-core from node)
 * against the whole system: the page as the edge serves it, auth, the topology, the sinks. Each
 * test is one script of {@code web/test/browser}, which prints {@code PASS <name>} and exits 0, or
 * prints {@code FAIL <name>: <why>} and exits 1. Screenshots go to {@code devstack/target/web-screenshots}.
 *
 * <p>Runs on the shared stack with an auth and an edge of its own: the auth issues access tokens
 * that live 20 s (same database and signing keys as the stack's), and the edge's page sends
 * browsers to that auth ({@code edge.web.auth-url}). The edge is the one the restart test kills.
 */
class WebClientIT {
    private static final long SCRIPT_TIMEOUT_S = 180;
    private static final Path HOME = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
    /**
     * The two scripts that mostly wait for tokens to expire (a minute each) run in the background
     * from the start, beside the others; the edge restart, which would disturb them, waits for both.
     */
    private static final Map<String, CompletableFuture<Result>> BACKGROUND = new ConcurrentHashMap<>();
    private static LocalStack stack;
    private static Instance auth;
    private static Instance edge;

    @BeforeAll
    static void start() throws Exception {
        assertThat(Path.of(System.getenv().getOrDefault("PARLEY_CHROMIUM", "/usr/bin/chromium")))
                .as("Debian's chromium drives these tests: apt-get install -y --no-install-recommends chromium")
                .isExecutable();
        installPlaywrightCore();
        // Access tokens live 20 s, so every test runs through token refreshes, and the expiry test through
        // 4001. Like the shared stack's, this auth trusts test code registering from node to say which
        // address it stands for.
        stack = SharedStack.get();
        auth = stack.addInstance("auth", Map.of("auth.access-token-ttl", "20s"));
        edge = stack.addInstance("edge", Map.of("edge.web.auth-url", auth.httpUrl().toString()));
        for (String script : List.of("token-expiry.mjs", "tabs.mjs")) {
            BACKGROUND.put(script, CompletableFuture.supplyAsync(() -> {
                try {
                    return run(script(script), SCRIPT_TIMEOUT_S);
                } catch (IOException | InterruptedException e) {
                    return new Result(-1, script + " could not run: " + e);
                }
            }, task -> Thread.ofVirtual().name(script).start(task)));
        }
    }

    @AfterAll
    static void stop() {
        BACKGROUND.values().forEach(f -> f.join());
        for (Instance i : new Instance[] {edge, auth}) {
            if (i != null) {
                stack.stopService(i.name());
            }
        }
    }

    /** {@code npm ci} in {@code web/} when playwright-core is not there yet: the pinned lock file, no browser download. */
    private static void installPlaywrightCore() throws Exception {
        if (Files.isDirectory(HOME.resolve("web/node_modules/playwright-core"))) {
            return;
        }
        ProcessBuilder npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(HOME.resolve("web").toFile())
                .redirectErrorStream(true);
        npm.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Result r = run(npm, 300);
        assertThat(r.exit()).as("npm ci in web/:\n" + r.output()).isZero();
    }

    @Test
    void twoUsersChatWithTypingPresenceReceiptsAndUnreadBadges() throws Exception {
        browser("two-users.mjs", "two users chat");
    }

    @Test
    void aReloadInTheMiddleOfAConversationShowsEveryMessageOnceInOrder() throws Exception {
        browser("reload.mjs", "reload mid-conversation");
    }

    @Test
    void aGroupIsCreatedAndItsMembersAddedAndRemovedFromThePage() throws Exception {
        browser("group.mjs", "group membership");
    }

    /** The protocol module's own tests (fake clock, fetch and WebSocket): run here so the build runs them. */
    @Test
    void theProtocolModulesUnitTestsPass() throws Exception {
        ProcessBuilder node = new ProcessBuilder("node", "--test", "test/unit/").directory(HOME.resolve("web").toFile())
                .redirectErrorStream(true);
        Result r = run(node, SCRIPT_TIMEOUT_S);
        System.out.print(r.output());
        assertThat(r.output()).as(r.output()).containsPattern("(?m)^# pass [1-9]").containsPattern("(?m)^# fail 0$");
        assertThat(r.exit()).as(r.output()).isZero();
    }

    @Test
    void expiringTokensAreRefreshedAndA4001CloseReconnectsWithoutLosingAnything() throws Exception {
        check(BACKGROUND.get("token-expiry.mjs").get(), "token expiry");
    }

    @Test
    void twoTabsShareOneLoginThroughSeveralRefreshesAndKeepReadStateInStep() throws Exception {
        check(BACKGROUND.get("tabs.mjs").get(), "two tabs");
    }

    @Test
    void aHostileBodyRendersAsTextAndRunsNothing() throws Exception {
        browser("hostile.mjs", "hostile bodies stay inert");
    }

    /**
     * The script asks for the edge to be killed and started again ({@code KILL_EDGE}, {@code START_EDGE} on
     * its output) and is told when that is done ({@code EDGE_DOWN}, {@code EDGE_UP} on its input).
     */
    @Test
    void theEdgeKilledAndRestartedWhileBothSidesSendLosesAndDoublesNothing() throws Exception {
        CompletableFuture.allOf(BACKGROUND.values().toArray(CompletableFuture[]::new)).join();
        Process p = script("edge-restart.mjs").start();
        // A watchdog rather than a timed read: the script's output is read line by line as it comes.
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(SCRIPT_TIMEOUT_S, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.append(line).append('\n');
                System.out.println(line);
                switch (line.trim()) {
                    case "KILL_EDGE" -> {
                        stack.killService(edge.name());
                        in.write("EDGE_DOWN\n");
                        in.flush();
                    }
                    case "START_EDGE" -> {
                        Thread.sleep(2000); // the pending messages wait a while
                        stack.startService(edge.name());
                        in.write("EDGE_UP\n");
                        in.flush();
                    }
                    default -> {
                    }
                }
            }
        } finally {
            stack.startService(edge.name()); // left running for the other tests whatever happened
            watchdog.interrupt();
        }
        assertThat(seen.toString()).as(seen.toString()).contains("PASS edge restart");
        assertThat(p.waitFor()).as(seen.toString()).isZero();
    }

    private static ProcessBuilder script(String script) {
        ProcessBuilder node = new ProcessBuilder("node", "web/test/browser/" + script,
                edge.httpUrl().toString(), auth.httpUrl().toString())
                .directory(HOME.toFile()).redirectErrorStream(true);
        node.environment().put("PARLEY_WEB_SCREENSHOTS", HOME.resolve("devstack/target/web-screenshots").toString());
        return node;
    }

    private static void browser(String script, String name) throws Exception {
        check(run(script(script), SCRIPT_TIMEOUT_S), name);
    }

    private static void check(Result r, String name) {
        System.out.print(r.output());
        String why = r.output() + serviceWarnings();
        assertThat(r.output()).as(why).contains("PASS " + name);
        assertThat(r.exit()).as(why).isZero();
    }

    /** The edge's and auth's warnings, for a failure seen only in CI to say more than the page did. */
    private static String serviceWarnings() {
        StringBuilder out = new StringBuilder();
        for (String service : List.of(edge.name(), auth.name())) {
            try {
                List<String> warnings = Files.readAllLines(stack.serviceLog(service), StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(" WARNING ") || l.contains(" SEVERE ") || l.contains(" ERROR "))
                        .toList();
                out.append("\n").append(service).append(" warnings (last 20 of ").append(warnings.size()).append("):\n");
                warnings.subList(Math.max(0, warnings.size() - 20), warnings.size())
                        .forEach(l -> out.append(l, 0, Math.min(l.length(), 400)).append('\n'));
            } catch (IOException | RuntimeException e) {
                out.append("\n(").append(service).append(" log unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder pb, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("parley-web", ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after "
                        + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
