package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.devstack.internal.WarmUpCredentials;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up {@code ./parley up} runs before it reports ready, through the real stack: its
 * messages are acked, delivered to the peer's socket and written to history, and a second start
 * logs the same users in instead of registering new ones.
 */
class StackWarmUpIT {
    private static final Duration MAX = Duration.ofSeconds(15);

    @Test
    void warmUpTrafficReachesPeersAndHistoryAndReusesItsUsers() throws Exception {
        LocalStack stack = SharedStack.get();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StackWarmUp.Outcome first = StackWarmUp.run(stack, MAX, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(first.sent()).isGreaterThan(100);
        assertThat(first.delivered()).isGreaterThan(first.sent() / 2);
        assertThat(first.took()).isLessThanOrEqualTo(MAX);

        List<WarmUpCredentials.Login> logins = WarmUpCredentials.loadOrCreate(stack.config().dataDir(), 2 * StackWarmUp.PAIRS);
        String file = Files.readString(stack.config().dataDir().resolve("warm-up-users.json"));
        StackWarmUp.Outcome second = StackWarmUp.run(stack, Duration.ofSeconds(5), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(second.delivered()).isPositive();
        assertThat(Files.readString(stack.config().dataDir().resolve("warm-up-users.json"))).isEqualTo(file);

        // What the first pair's sender sent is in history, as a client of the contract reads it.
        ParleyClient client = SharedStack.client();
        TestUser sender = client.login(logins.getFirst().username(), logins.getFirst().password());
        JsonNode conversations = client.edge().get("/v1/conversations", sender.accessToken()).expect(200).json();
        assertThat(conversations).hasSize(1);
        assertThat(conversations.get(0).path("kind").asText()).isEqualTo("direct");
        long lastSeq = conversations.get(0).path("lastSeq").asLong();
        assertThat(lastSeq).isGreaterThan((first.delivered() + second.delivered()) / StackWarmUp.PAIRS / 2);
    }
}
