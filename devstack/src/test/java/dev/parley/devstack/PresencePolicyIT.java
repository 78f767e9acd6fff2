package dev.parley.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.HttpResult;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Presence is not for strangers (issue 9): anyone may add anyone to a group or open a direct
 * conversation with anyone, so neither may reveal when someone is online. A user's presence shows
 * to the peer of a direct conversation only once the user took part in it (read in it).
 */
class PresencePolicyIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ParleyClient client;

    @BeforeAll
    static void startStack() {
        SharedStack.get();
        client = SharedStack.client();
    }

    @Test
    void aStrangerLearnsNothingUntilTheVictimTakesPart() {
        TestUser mallory = client.newUser("mallory");
        TestUser victim = client.newUser("victim");
        String trap = client.group(mallory, "trap", List.of(victim));
        String direct = client.direct(mallory, victim);
        awaitListed(victim, trap);
        awaitListed(victim, direct);

        try (WsConnection watcher = client.connect(mallory)) {
            try (WsConnection v = client.connect(victim)) {
                v.sendRaw("{\"type\":\"ping\"}");
                v.await(f -> "pong".equals(f.path("type").asText()), WAIT);
                assertThat(presenceOf(mallory, victim)).isEqualTo("offline");
                // the victim does show to themselves
                assertThat(presenceOf(victim, victim)).isEqualTo("online");
            }
            int beforeTakingPart = watcher.count();
            // Now the victim answers in the direct conversation: from then on mallory may see them.
            client.takePart(victim, direct);
            int mark = watcher.count();
            try (WsConnection v = client.connect(victim)) {
                JsonNode online = watcher.awaitFrom(mark, f -> "presence".equals(f.path("type").asText())
                        && victim.userId().equals(f.path("userId").asText()) && "online".equals(f.path("status").asText()),
                        WAIT);
                assertThat(online).isNotNull();
                assertThat(presenceOf(mallory, victim)).isEqualTo("online");
            }
            // Before taking part, no presence frame about the victim ever reached mallory.
            assertThat(watcher.frames().subList(0, beforeTakingPart))
                    .noneMatch(f -> "presence".equals(f.path("type").asText()));
        }
    }

    private static String presenceOf(TestUser asker, TestUser who) {
        return client.edge().get("/v1/presence?userIds=" + who.userId(), asker.accessToken()).expect(200).json()
                .path(who.userId()).asText();
    }

    private static void awaitListed(TestUser user, String conversation) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResult r = client.edge().get("/v1/conversations", user.accessToken());
            return r.status() == 200 && r.json().findValuesAsText("conversationId").contains(conversation);
        });
    }
}
