package dev.parley.devstack;

import dev.parley.testkit.client.ParleyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One local stack with the default settings for every end-to-end test class of this JVM: started
 * on first use, closed by the stack's own shutdown hook. A test that stops or restarts part of it
 * must leave it running again. A test that needs other settings starts its own {@link LocalStack}
 * with {@link #startOwn(Map)}.
 */
final class SharedStack {
    private static LocalStack stack;

    private SharedStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            stack = startOwn(Map.of());
        }
        return stack;
    }

    static ParleyClient client() {
        LocalStack s = get();
        return new ParleyClient(s.authUrl(), s.edgeHttpUrl(), s.edgeWsUrl());
    }

    /**
     * Every test user logs in from 127.0.0.1, so the per-address login limit (10 a minute by
     * default) would refuse most of them; auth's own ITs test that limit.
     */
    private static final Map<String, String> TEST_SETTINGS = Map.of("auth.login-limit.attempts", "100000");

    /** A stack of its own (close it in {@code @AfterAll}), with extra service settings. */
    static LocalStack startOwn(Map<String, String> serviceSettings) {
        Path home = Path.of(System.getProperty("parley.home", "..")).toAbsolutePath().normalize();
        try {
            Path data = Files.createDirectories(
                    home.resolve("devstack/target/e2e-" + UUID.randomUUID().toString().substring(0, 8)));
            StackConfig config = StackConfig.forTests(home, data).withServiceSettings(TEST_SETTINGS)
                    .withServiceSettings(serviceSettings);
            return LocalStack.start(config, System.out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
