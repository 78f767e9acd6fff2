package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.frame.PresenceFrame;
import dev.parley.common.redis.NodeEnvelope;
import dev.parley.common.service.Timer;
import dev.parley.edge.fakes.InMemoryHistory;
import dev.parley.testkit.fakes.InMemoryNodeChannels;
import dev.parley.testkit.fakes.InMemoryNodeChannels.Published;
import dev.parley.testkit.fakes.InMemoryPresence;
import dev.parley.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PresenceNotifierTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final String HERE = "edge-test";
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryPresence presence = new InMemoryPresence(clock, Duration.ofSeconds(30), HERE);
    private final InMemoryHistory history = new InMemoryHistory();
    private final InMemoryNodeChannels channels = new InMemoryNodeChannels();
    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    /** Rechecks wait here until the test runs them. */
    private final List<Runnable> due = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Timer timer = (delay, task) -> due.add(task);
    private final PresenceNotifier notifier = new PresenceNotifier(new HistoryDirectPeers(history), presence,
            channels, workers, timer, List.of());

    @BeforeEach
    void people() {
        history.conversation("ab", "direct", null, "alice", "bob");
        history.conversation("ac", "direct", null, "carol", "alice");
        history.conversation("ad", "direct", null, "alice", "dave");
        history.conversation("group", "group", "All", "alice", "bob", "erin");
        // alice has taken part in each conversation, so her peers may see her presence
        for (String c : List.of("ab", "ac", "ad", "group")) {
            history.read("alice", c, 1);
        }
        presence.online("bob");                                          // on this node
        presence.vouch("carol", "edge-2", T0.plusSeconds(30).toEpochMilli()); // on another node
        presence.vouch("erin", "edge-2", T0.plusSeconds(30).toEpochMilli());  // group peer only
        // dave is offline
    }

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private List<Published> publishedAfterIdle() throws Exception {
        notifier.idle().get(5, TimeUnit.SECONDS);
        return channels.published();
    }

    private static Published to(String node, List<String> users, String who, String status) {
        return new Published(node, NodeEnvelope.toUsers(users, new PresenceFrame(who, status)));
    }

    @Test
    void onlineReachesTheOnlineDirectPeersOnTheirOwnNodes() throws Exception {
        presence.online("alice");
        notifier.online("alice");
        assertThat(publishedAfterIdle()).containsExactlyInAnyOrder(
                to(HERE, List.of("bob"), "alice", "online"),
                to("edge-2", List.of("carol"), "alice", "online"));
    }

    @Test
    void offlineOnlyOnceNoNodeVouchesForTheUserAnyMore() throws Exception {
        presence.vouch("alice", "edge-2", T0.plusSeconds(10).toEpochMilli()); // a session elsewhere
        presence.offline("alice");
        notifier.offline("alice");
        assertThat(publishedAfterIdle()).as("still online on edge-2").isEmpty();

        clock.advance(Duration.ofSeconds(11)); // edge-2's vouch ran out
        presence.online("bob");
        notifier.offline("alice");
        assertThat(publishedAfterIdle()).containsExactlyInAnyOrder(
                to(HERE, List.of("bob"), "alice", "offline"),
                to("edge-2", List.of("carol"), "alice", "offline"));
    }

    @Test
    void changesOfOneUserAreAnnouncedInOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PresenceNotifier slow = new PresenceNotifier(user -> {
            try {
                release.await(5, TimeUnit.SECONDS); // the first lookup is slow
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of("bob");
        }, presence, channels, workers, timer, List.of());
        slow.online("alice");
        slow.offline("alice");
        release.countDown();
        slow.idle().get(5, TimeUnit.SECONDS);
        assertThat(channels.published()).containsExactly(
                to(HERE, List.of("bob"), "alice", "online"),
                to(HERE, List.of("bob"), "alice", "offline"));
    }

    @Test
    void aFailedLookupIsLoggedAndTheNextChangeStillAnnounced() throws Exception {
        int[] calls = {0};
        PresenceNotifier flaky = new PresenceNotifier(user -> {
            if (calls[0]++ == 0) {
                throw new IllegalStateException("CQL down");
            }
            return List.of("bob");
        }, presence, channels, workers, timer, List.of());
        flaky.online("alice");
        flaky.offline("alice");
        flaky.idle().get(5, TimeUnit.SECONDS);
        assertThat(channels.published()).containsExactly(to(HERE, List.of("bob"), "alice", "offline"));
    }

    @Test
    void nothingIsAnnouncedOnceStopped() throws Exception {
        notifier.stop();
        notifier.online("alice");
        notifier.offline("alice");
        assertThat(publishedAfterIdle()).isEmpty();
    }

    @Test
    void directPeersAreTheOtherMemberOfEachDirectConversation() {
        assertThat(new HistoryDirectPeers(history).of("alice")).containsExactlyInAnyOrder("bob", "carol", "dave");
        assertThat(new HistoryDirectPeers(history).of("erin")).isEmpty();
    }

    @Test
    void presenceShowsOnlyWhereTheUserTookPartInADirectConversation() {
        HistoryDirectPeers policy = new HistoryDirectPeers(history);
        // bob never read in "ab", so alice may not see him, and a group never shows presence
        history.read("bob", "group", 5);
        assertThat(policy.of("bob")).isEmpty();
        assertThat(policy.visibleTo("alice", List.of("bob", "erin", "alice"))).containsExactly("alice");
        history.read("bob", "ab", 1);
        assertThat(policy.of("bob")).containsExactly("alice");
        assertThat(policy.visibleTo("alice", List.of("bob", "erin"))).containsExactly("bob");
        // and it is one way: alice took part, so bob sees her; erin shares only the group
        assertThat(policy.visibleTo("bob", List.of("alice"))).containsExactly("alice");
        assertThat(policy.visibleTo("erin", List.of("alice"))).isEmpty();
    }

    @Test
    void aLookupReadsTheUsersReadPositionsAndNotTheirConversationList() {
        InMemoryHistory history = new InMemoryHistory();
        history.conversation("ab", "direct", null, "alice", "bob");
        history.conversation("ac", "direct", null, "carol", "alice"); // not read: carol may not see her
        history.conversation("group", "group", "All", "alice", "bob", "erin");
        history.conversation("gone", "direct", null, "bob", "carol"); // a read where she is no member
        history.read("alice", "ab", 4);
        history.read("alice", "group", 2);
        history.read("alice", "gone", 1);
        List<String> asked = new java.util.ArrayList<>();
        dev.parley.edge.HistoryReader counting = new dev.parley.edge.HistoryReader() {
            @Override
            public java.util.Optional<dev.parley.edge.HistoryReader.Conversation> conversation(String id) {
                asked.add("conversation " + id);
                return history.conversation(id);
            }

            @Override
            public java.util.Optional<dev.parley.common.event.Message> lastMessage(String id) {
                return history.lastMessage(id);
            }

            @Override
            public List<dev.parley.common.event.Message> messages(String id, long bucket, long from, long to, int limit,
                                                                  boolean newestFirst) {
                return history.messages(id, bucket, from, to, limit, newestFirst);
            }

            @Override
            public List<String> conversationIds(String userId) {
                asked.add("conversations of " + userId);
                return history.conversationIds(userId);
            }

            @Override
            public java.util.Map<String, Long> readPositions(String userId) {
                asked.add("reads of " + userId);
                return history.readPositions(userId);
            }
        };
        assertThat(new HistoryDirectPeers(counting).of("alice")).containsExactly("bob");
        assertThat(asked).containsExactlyInAnyOrder("reads of alice", "conversation ab", "conversation group", "conversation gone");
    }

    /**
     * Issue 12's race, reproduced: alice comes online before the projections hold her direct
     * conversation with frank (created a moment earlier) and her read in it. Without a second
     * look, frank, who is online, never hears of her.
     */
    @Test
    void aPeerTheProjectionsDidNotHoldYetIsToldAtTheRecheck() throws Exception {
        PresenceNotifier rechecking = withFrankOnline(Duration.ofSeconds(2));
        presence.online("alice");
        rechecking.online("alice");
        rechecking.idle().get(5, TimeUnit.SECONDS);
        assertThat(channels.published()).doesNotContain(to("edge-2", List.of("frank"), "alice", "online"));

        history.conversation("af", "direct", null, "alice", "frank"); // the sinks caught up
        history.read("alice", "af", 1);
        runDue(rechecking);
        assertThat(channels.published()).as("the peers told at first are not told again").containsExactlyInAnyOrder(
                to(HERE, List.of("bob"), "alice", "online"),
                to("edge-2", List.of("carol"), "alice", "online"),
                to("edge-2", List.of("frank"), "alice", "online"));
    }

    @Test
    void aReadLooksAgainSoThatTakingPartShowsPresenceToThePeer() throws Exception {
        PresenceNotifier rechecking = withFrankOnline(Duration.ofSeconds(2), Duration.ofSeconds(10));
        history.conversation("af", "direct", null, "alice", "frank");
        presence.online("alice");
        rechecking.online("alice");
        rechecking.idle().get(5, TimeUnit.SECONDS);
        runDue(rechecking); // both rechecks: alice has not taken part in af
        assertThat(channels.published()).doesNotContain(to("edge-2", List.of("frank"), "alice", "online"));

        history.read("alice", "af", 3); // she reads: that is consent, and the projection has it
        rechecking.tookPart("alice");
        rechecking.tookPart("alice"); // one recheck pending per user is enough
        assertThat(due).hasSize(1);
        runDue(rechecking);
        assertThat(channels.published()).contains(to("edge-2", List.of("frank"), "alice", "online"));
    }

    @Test
    void noRecheckAnnouncesOnlineAfterTheUserLeft() throws Exception {
        PresenceNotifier rechecking = withFrankOnline(Duration.ofSeconds(2));
        presence.online("alice");
        rechecking.online("alice");
        presence.offline("alice");
        rechecking.offline("alice");
        history.conversation("af", "direct", null, "alice", "frank");
        history.read("alice", "af", 1);
        rechecking.tookPart("alice");
        runDue(rechecking);
        assertThat(channels.published()).doesNotContain(to("edge-2", List.of("frank"), "alice", "online"));
    }

    /** A notifier that looks again after {@code rechecks}; frank is online on edge-2. */
    private PresenceNotifier withFrankOnline(Duration... rechecks) {
        presence.vouch("frank", "edge-2", T0.plusSeconds(30).toEpochMilli());
        return new PresenceNotifier(new HistoryDirectPeers(history), presence, channels, workers, timer,
                List.of(rechecks));
    }

    /** Runs the rechecks that are due, and waits until what they queued is done. */
    private void runDue(PresenceNotifier notifier) throws Exception {
        notifier.idle().get(5, TimeUnit.SECONDS);
        List<Runnable> now = List.copyOf(due);
        due.clear();
        now.forEach(Runnable::run);
        notifier.idle().get(5, TimeUnit.SECONDS);
    }
}
