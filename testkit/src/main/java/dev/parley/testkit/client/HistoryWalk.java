package dev.parley.testkit.client;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** Reading history and the conversation list through the edge's REST API, as a catching-up client does. */
public final class HistoryWalk {
    private HistoryWalk() {
    }

    /** Every message after {@code after}, page by page ({@code limit=200}) until {@code hasMore} is false. */
    public static List<JsonNode> after(ParleyClient client, TestUser user, String conversationId, long after) {
        List<JsonNode> out = new ArrayList<>();
        long cursor = after;
        while (true) {
            JsonNode page = client.history(user, conversationId, cursor, null, 200).expect(200).json();
            List<JsonNode> messages = Frames.messages(page);
            out.addAll(messages);
            if (!page.path("hasMore").asBoolean()) {
                return out;
            }
            if (messages.isEmpty()) {
                throw new AssertionError("hasMore is true but the page is empty: " + page);
            }
            cursor = messages.getLast().path("seq").asLong();
        }
    }

    /** Waits until history after {@code after} reaches {@code lastSeq}; returns everything after {@code after}. */
    public static List<JsonNode> awaitThrough(ParleyClient client, TestUser user, String conversationId, long after,
                                              long lastSeq, Duration timeout) {
        AtomicReference<List<JsonNode>> got = new AtomicReference<>(List.of());
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            got.set(after(client, user, conversationId, after));
            return !got.get().isEmpty() && got.get().getLast().path("seq").asLong() >= lastSeq;
        });
        return got.get();
    }

    /** {@code GET /v1/conversations} as {@code user}. */
    public static JsonNode conversations(ParleyClient client, TestUser user) {
        return client.edge().get("/v1/conversations", user.accessToken()).expect(200).json();
    }

    /** The entry of one conversation in the caller's list, or null. */
    public static JsonNode entry(JsonNode list, String conversationId) {
        for (JsonNode e : list) {
            if (conversationId.equals(e.path("conversationId").asText())) {
                return e;
            }
        }
        return null;
    }
}
