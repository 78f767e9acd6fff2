package dev.parley.auth;

import dev.parley.common.config.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The auth service's configuration, read once at start-up. Every key, its environment variable
 * and default are documented in {@code auth/CONFIG.md}.
 */
public record AuthConfig(Http http, Tokens tokens, Argon2 argon2, LoginLimit loginLimit, Db db, String redisUri,
                         String kafkaBootstrapServers, OutboxSettings outbox) {

    public record Http(String host, int port) {
    }

    public record Tokens(Path keysDir, Duration accessTokenTtl, Duration refreshTokenTtl) {
    }

    public record Argon2(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    }

    /** @param store {@code redis} (shared by every instance) or {@code memory} (one instance only) */
    public record LoginLimit(int attempts, Duration window, String store) {
    }

    public record Db(String url, String user, String password, int poolSize) {
        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    public record OutboxSettings(Duration pollInterval, int batchSize) {
    }

    /**
     * Reads every key and validates them all at once.
     *
     * @throws dev.parley.common.config.ConfigException listing every problem
     */
    public static AuthConfig load(Settings s) {
        Http http = new Http(s.string("auth.http.host", "127.0.0.1"), s.integer("auth.http.port", 8081, 0, 65535));
        Tokens tokens = new Tokens(Path.of(s.string("auth.keys-dir", "var/auth/keys")),
                s.duration("auth.access-token-ttl", Duration.ofMinutes(15)),
                s.duration("auth.refresh-token-ttl", Duration.ofDays(30)));
        positive(s, "auth.access-token-ttl", tokens.accessTokenTtl());
        positive(s, "auth.refresh-token-ttl", tokens.refreshTokenTtl());
        Argon2 argon2 = new Argon2(s.integer("auth.argon2.memory-kib", 19_456, 64, 4 * 1024 * 1024),
                s.integer("auth.argon2.iterations", 2, 1, 100),
                s.integer("auth.argon2.parallelism", 1, 1, 16),
                s.integer("auth.argon2.max-concurrent", 4, 1, 1024));
        if (argon2.memoryKib() < 8 * argon2.parallelism()) {
            s.problem("auth.argon2.memory-kib must be at least 8 x auth.argon2.parallelism");
        }
        LoginLimit limit = new LoginLimit(s.integer("auth.login-limit.attempts", 10, 1, 1_000_000),
                s.duration("auth.login-limit.window", Duration.ofMinutes(1)),
                s.string("auth.login-limit.store", "redis"));
        positive(s, "auth.login-limit.window", limit.window());
        if (!limit.store().equals("redis") && !limit.store().equals("memory")) {
            s.problem("auth.login-limit.store = '" + limit.store() + "' is not redis or memory");
        }
        Db db = new Db(s.string("db.url", "jdbc:postgresql://127.0.0.1:15432/parley"), s.string("db.user", "parley"),
                s.string("db.password", "parley"), s.integer("auth.db.pool-size", 10, 1, 500));
        if (!db.url().startsWith("jdbc:postgresql:")) {
            s.problem("db.url must be a jdbc:postgresql: URL");
        }
        String redis = s.string("redis.uri", "redis://127.0.0.1:16379");
        if (limit.store().equals("redis") && !redis.startsWith("redis://") && !redis.startsWith("rediss://")) {
            s.problem("redis.uri must start with redis:// or rediss://");
        }
        String kafka = s.string("kafka.bootstrap-servers", "127.0.0.1:19092");
        OutboxSettings outbox = new OutboxSettings(s.duration("auth.outbox.poll-interval", Duration.ofMillis(100)),
                s.integer("auth.outbox.batch-size", 100, 1, 10_000));
        positive(s, "auth.outbox.poll-interval", outbox.pollInterval());
        s.validate();
        return new AuthConfig(http, tokens, argon2, limit, db, redis, kafka, outbox);
    }

    private static void positive(Settings s, String key, Duration d) {
        if (d.isZero()) {
            s.problem(key + " must be positive");
        }
    }
}
