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
     * The test clients connect from 127.0.0.1 and act as the reverse proxy of many people:
     * {@code ParleyClient.newUser} registers each user from an address of its own
     * ({@code X-Forwarded-For}), so auth's per-address limits apply as they would in production and
     * stay at their defaults.
     */
    private static final Map<String, String> TEST_SETTINGS = Map.of("auth.trusted-proxies", "127.0.0.1/32");

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
