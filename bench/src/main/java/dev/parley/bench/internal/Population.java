package dev.parley.bench.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bench.BenchConfig;
import dev.parley.common.json.Json;
import dev.parley.testkit.client.ParleyClient;
import dev.parley.testkit.client.TestUser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The users and conversations of a run, made through the contract's auth endpoints: {@code users}
 * logged-in users, direct conversations and small groups among them, and the fan-out group whose
 * first {@code fanoutOnline} members are those users and the rest registered users who never log in.
 */
public final class Population {
    /** A conversation, one of its members (to read its history with) and its members' user ids. */
    public record Conversation(String id, String kind, TestUser reader, List<String> members) {}

    private static final int PARALLEL = 8;
    private static final int PER_CALL = 999;
    public final List<TestUser> users;
    public final List<Conversation> chats;
    /** The fan-out group; null in the pairs profile. */
    public final Conversation fanout;

    private Population(List<TestUser> users, List<Conversation> chats, Conversation fanout) {
        this.users = users;
        this.chats = chats;
        this.fanout = fanout;
    }

    public static Population create(ParleyClient client, BenchConfig c, Random random) {
        List<TestUser> users = parallel(c.users(), i -> client.newUser("b" + i));
        List<String> extra = parallel(c.fanoutGroupSize() - c.fanoutOnline(), i -> register(client, "f" + i));
        List<Conversation> chats = new ArrayList<>();
        Set<String> pairs = new LinkedHashSet<>();
        while (pairs.size() < Math.min(c.directs(), (long) c.users() * (c.users() - 1) / 2)) {
            int a = random.nextInt(c.users());
            int b = random.nextInt(c.users());
            if (a != b) {
                pairs.add(Math.min(a, b) + ":" + Math.max(a, b));
            }
        }
        List<Callable<Conversation>> creations = new ArrayList<>();
        for (String p : pairs) {
            TestUser a = users.get(Integer.parseInt(p.split(":")[0]));
            TestUser b = users.get(Integer.parseInt(p.split(":")[1]));
            creations.add(() -> new Conversation(client.direct(a, b), "direct", a, List.of(a.userId(), b.userId())));
        }
        for (int g = 0; g < c.groups(); g++) {
            List<TestUser> shuffled = new ArrayList<>(users);
            Collections.shuffle(shuffled, random);
            List<TestUser> members = shuffled.subList(0, c.groupMin() + random.nextInt(c.groupMax() - c.groupMin() + 1));
            String title = "group " + g;
            creations.add(() -> new Conversation(client.group(members.getFirst(), title, members.subList(1, members.size())),
                    "group", members.getFirst(), members.stream().map(TestUser::userId).toList()));
        }
        chats.addAll(runAll(creations));
        List<String> fanoutMembers = new ArrayList<>(users.subList(0, c.fanoutOnline()).stream().map(TestUser::userId).toList());
        fanoutMembers.addAll(extra);
        Conversation fanout = bigGroup(client, users.getFirst(), fanoutMembers);
        return new Population(List.copyOf(users), List.copyOf(chats), fanout);
    }

    /**
     * The pairs profile's population: {@code 2 × pairs} logged-in users, user {@code 2i} and
     * {@code 2i + 1} in one direct conversation of their own; no group and no fan-out group.
     */
    public static Population pairs(ParleyClient client, int pairs) {
        List<TestUser> users = parallel(2 * pairs, i -> client.newUser("p" + i));
        List<Callable<Conversation>> creations = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            TestUser a = users.get(2 * i);
            TestUser b = users.get(2 * i + 1);
            creations.add(() -> new Conversation(client.direct(a, b), "direct", a, List.of(a.userId(), b.userId())));
        }
        return new Population(List.copyOf(users), List.copyOf(runAll(creations)), null);
    }

    /** Every conversation of the run: the chats and, when there is one, the fan-out group. */
    public List<Conversation> all() {
        List<Conversation> all = new ArrayList<>(chats);
        if (fanout != null) {
            all.add(fanout);
        }
        return all;
    }

    /** The conversations each user is in (fan-out group included), by user id. */
    public Map<String, List<String>> conversationsByUser() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        users.forEach(u -> m.put(u.userId(), new ArrayList<>()));
        for (Conversation conv : all()) {
            conv.members().forEach(u -> {
                List<String> l = m.get(u);
                if (l != null) {
                    l.add(conv.id());
                }
            });
        }
        return m;
    }

    /** A group of any size: the first call names up to 999 others, then additions of up to 999 each. */
    private static Conversation bigGroup(ParleyClient client, TestUser creator, List<String> members) {
        List<String> others = members.stream().filter(u -> !u.equals(creator.userId())).toList();
        ObjectNode body = Json.mapper().createObjectNode().put("kind", "group").put("title", "fan-out");
        ArrayNode first = body.putArray("members");
        others.subList(0, Math.min(PER_CALL, others.size())).forEach(first::add);
        String id = client.auth().post("/v1/conversations", creator.accessToken(), body.toString()).expect(201).json()
                .path("conversationId").asText();
        for (int from = PER_CALL; from < others.size(); from += PER_CALL) {
            ObjectNode add = Json.mapper().createObjectNode();
            ArrayNode ids = add.putArray("userIds");
            others.subList(from, Math.min(from + PER_CALL, others.size())).forEach(ids::add);
            client.auth().post("/v1/conversations/" + id + "/members", creator.accessToken(), add.toString()).expect(204);
        }
        List<String> all = new ArrayList<>(List.of(creator.userId()));
        all.addAll(others);
        return new Conversation(id, "group", creator, all);
    }

    private static String register(ParleyClient client, String prefix) {
        String name = (prefix + "_" + java.util.UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
        ObjectNode body = Json.mapper().createObjectNode().put("username", name).put("password", "pw-" + name);
        return client.auth().post("/v1/auth/register", null, body.toString()).expect(201).json().path("userId").asText();
    }

    interface IntTask<T> {
        T run(int i) throws Exception;
    }

    private static <T> List<T> parallel(int n, IntTask<T> task) {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            calls.add(() -> task.run(index));
        }
        return runAll(calls);
    }

    /** Runs the calls, {@value #PARALLEL} at a time, and returns their results in order; the first failure fails all. */
    static <T> List<T> runAll(List<Callable<T>> calls) {
        Semaphore permits = new Semaphore(PARALLEL);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(ex.submit(() -> {
                    permits.acquire();
                    try {
                        return call.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("setting up users and conversations failed: " + e.getMessage(), e);
        }
    }
}
