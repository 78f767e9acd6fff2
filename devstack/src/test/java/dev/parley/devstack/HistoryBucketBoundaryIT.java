package dev.parley.devstack;

import static dev.parley.testkit.client.Frames.range;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.testkit.client.Frames;
import dev.parley.testkit.client.HistoryWalk;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.Sending;
import dev.parley.testkit.client.TestUser;
import dev.parley.testkit.client.WsConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * History across the 1,000-seq bucket boundary of the CQL store (partition = conversation and
 * {@code seq / 1000}), through the real path. 1,010 messages come from ten members of one group
 * sending at once, so the default per-user rate limit (10/s, bursts of 20) is kept and the
 * shared stack serves; each member's session must also receive all of them in increasing seq
 * (guarantees 1 and 4 under concurrent senders).
 */
class HistoryBucketBoundaryIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int SENDERS = 10;
    private static final int PER_SENDER = 101;
    private static final int TOTAL = SENDERS * PER_SENDER;
    private static ParleyClient client;
    private static TestUser reader;
    private static String group;
    private static final List<WsConnection> sessions = new ArrayList<>();

    @BeforeAll
    static void aThousandAndTenMessages() throws Exception {
        SharedStack.get();
        client = SharedStack.client();
        List<TestUser> users = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            users.add(client.newUser("b" + i));
        }
        reader = users.getFirst();
        group = client.group(reader, "bucket boundary", users.subList(1, SENDERS));
        for (TestUser u : users) {
            sessions.add(client.connect(u));
        }
        long t0 = System.nanoTime();
        List<Future<List<JsonNode>>> sent = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
            for (int i = 0; i < SENDERS; i++) {
                WsConnection ws = sessions.get(i);
                String prefix = "u" + i;
                sent.add(pool.submit(() -> Sending.sendMany(ws, group, prefix, PER_SENDER)));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<List<JsonNode>> f : sent) {
                seqs.addAll(Frames.seqs(f.get()));
            }
            Collections.sort(seqs);
            assertThat(seqs).isEqualTo(range(1, TOTAL)); // gap-free, no repeat, across all senders
        }
        long sendMs = (System.nanoTime() - t0) / 1_000_000;
        List<JsonNode> stored = HistoryWalk.awaitThrough(client, reader, group, 0, TOTAL, WAIT);
        System.out.printf("[measure] %d messages from %d senders acked in %d ms; in history %d ms after the first send%n",
                TOTAL, SENDERS, sendMs, (System.nanoTime() - t0) / 1_000_000);
        assertThat(Frames.seqs(stored)).isEqualTo(range(1, TOTAL));
    }

    @AfterAll
    static void closeSessions() {
        sessions.forEach(WsConnection::close);
    }

    @Test
    void walkingForwardAndBackwardGivesEverySeqOnce() {
        assertThat(Frames.seqs(HistoryWalk.after(client, reader, group, 0))).isEqualTo(range(1, TOTAL));
        List<Long> backward = new ArrayList<>();
        Long before = null;
        while (true) {
            JsonNode page = client.history(reader, group, null, before, 200).expect(200).json();
            List<Long> seqs = seqs(page);
            assertThat(seqs).isSorted();
            backward.addAll(0, seqs);
            if (!page.path("hasMore").asBoolean()) {
                break;
            }
            before = seqs.getFirst();
        }
        assertThat(backward).isEqualTo(range(1, TOTAL));
    }

    @Test
    void pagesThatStraddleTheBoundary() {
        assertPage(page(995L, null, 10), range(996, 1005), true);
        assertPage(page(null, 1003L, 5), range(998, 1002), true);
        assertPage(page(998L, 1002L, null), range(999, 1001), false);
        assertPage(page(999L, null, 1), List.of(1000L), true);
        assertPage(page(null, 1000L, 1), List.of(999L), true);
        assertPage(page(null, 1001L, 1), List.of(1000L), true);
        assertPage(page(1000L, null, 200), range(1001, TOTAL), false);
        assertPage(page(null, 1001L, 200), range(801, 1000), true);
        assertPage(page(900L, null, 200), range(901, TOTAL), false);
        assertPage(page(null, null, 200), range(TOTAL - 199, TOTAL), true);
        assertPage(page(null, null, null), range(TOTAL - 49, TOTAL), true);
        assertPage(page(809L, null, 200), range(810, 1009), true);
        assertPage(page(810L, null, 200), range(811, 1010), false);
    }

    @Test
    void everySessionReceivedEveryMessageInIncreasingSeq() {
        for (WsConnection ws : sessions) {
            ws.await(f -> "message".equals(f.path("type").asText()) && f.path("seq").asLong() == TOTAL, WAIT);
        }
        for (WsConnection ws : sessions) {
            assertThat(Frames.messageSeqs(ws, group)).as(ws.sessionId()).isEqualTo(range(1, TOTAL));
        }
    }

    private static JsonNode page(Long after, Long before, Integer limit) {
        return client.history(reader, group, after, before, limit).expect(200).json();
    }

    private static List<Long> seqs(JsonNode page) {
        return Frames.seqs(Frames.messages(page));
    }

    private static void assertPage(JsonNode page, List<Long> expected, boolean hasMore) {
        assertThat(seqs(page)).isEqualTo(expected);
        assertThat(page.path("hasMore").asBoolean()).as("hasMore of " + expected.size() + " from "
                + (expected.isEmpty() ? "-" : expected.getFirst())).isEqualTo(hasMore);
    }
}
