package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.HttpResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A device's catch-up through {@code GET /v1/conversations/{id}/messages?after=<seq>&limit=200},
 * page by page, on one virtual thread at a time: requests that come while it runs make it run
 * once more (after a reconnect, for every conversation; after a gap, for the conversations with one).
 * Failed pages (a store that is down answers 503) are retried with a pause until it works or the
 * device stops.
 */
final class CatchUp {
    private static final Backoff BACKOFF = new Backoff(200, 3_000);
    private final BenchSession session;
    private final Tracker tracker;
    private final String token;
    private boolean running;
    private boolean again;
    private boolean all;
    private volatile boolean stopped;

    CatchUp(BenchSession session, Tracker tracker, String token) {
        this.session = session;
        this.tracker = tracker;
        this.token = token;
    }

    /** Asks for a catch-up of every conversation ({@code all}) or of those with a gap. */
    synchronized void request(boolean everyConversation) {
        all |= everyConversation;
        if (running) {
            again = true;
            return;
        }
        running = true;
        Thread.ofVirtual().name("catch-up-" + session.deviceId).start(this::loop);
    }

    synchronized void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running && !stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    void stop() {
        stopped = true;
    }

    private void loop() {
        while (true) {
            boolean everyConversation;
            synchronized (this) {
                everyConversation = all;
                all = false;
                again = false;
            }
            for (String c : session.conversations) {
                if (everyConversation || session.seqs(c).hasGap()) {
                    conversation(c);
                }
            }
            synchronized (this) {
                if (!again || stopped) {
                    running = false;
                    notifyAll();
                    return;
                }
            }
        }
    }

    private void conversation(String conversationId) {
        int failures = 0;
        while (!stopped) {
            long after = session.seqs(conversationId).contiguous();
            HttpResult page;
            try {
                page = session.edge().http().get("/v1/conversations/" + URLEncoder.encode(conversationId,
                        StandardCharsets.UTF_8) + "/messages?after=" + after + "&limit=200", token);
            } catch (Throwable e) {
                page = null;
            }
            if (page == null || page.status() != 200) {
                BenchSession.sleep(BACKOFF.delayMillis(failures++));
                continue;
            }
            JsonNode body = page.json();
            long now = System.nanoTime();
            for (JsonNode m : body.path("messages")) {
                long seq = m.path("seq").asLong();
                if (session.seqs(conversationId).add(seq)) {
                    tracker.received(session.deviceId, null, conversationId, seq, m.path("messageId").asText(),
                            m.path("senderId").asText(), m.path("clientMsgId").asText(), false, now);
                }
            }
            if (!body.path("hasMore").asBoolean() || body.path("messages").isEmpty()) {
                return;
            }
        }
    }
}
