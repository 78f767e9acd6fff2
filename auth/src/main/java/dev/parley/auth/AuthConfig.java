package dev.parley.auth;

import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import dev.parley.common.http.OriginPolicy;
import dev.parley.common.kafka.KafkaClientSecurity;
import dev.parley.common.observe.ObserveConfig;
import dev.parley.common.redis.RedisConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The auth service's configuration, read once at start-up. Every key, its environment variable
 * and default are documented in {@code auth/CONFIG.md}.
 */
public record AuthConfig(Http http, Tokens tokens, Argon2 argon2, Limits limits, Db db, RedisConnection redis,
                         String kafkaBootstrapServers, KafkaClientSecurity kafkaSecurity, OutboxSettings outbox,
                         ObserveConfig observe) {

    /** The header a trusted proxy writes the client address into. */
    public enum ForwardedHeader { X_FORWARDED_FOR, FORWARDED }

    /**
     * @param trustedProxies  peers whose {@code forwardedHeader} is believed; empty = none
     * @param forwardedHeader the one header read from a trusted proxy (the other is ignored, since a
     *                        proxy passes through whichever one it does not write)
     * @param allowedOrigins  the browser origins whose pages may call {@code /v1/*} (CORS)
     */
    public record Http(String host, int port, List<Cidr> trustedProxies, ForwardedHeader forwardedHeader,
                       OriginPolicy allowedOrigins) {
        public Http {
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    /**
     * @param keysDir     the key directory, used when {@code signingKeys} is empty
     * @param signingKeys the keys of {@code auth.signing-keys} (a JWK set given as the value), when set
     */
    public record Tokens(Path keysDir, Optional<KeyStore> signingKeys, Duration accessTokenTtl,
                         Duration refreshTokenTtl) {
        @Override
        public String toString() {
            return "Tokens[keys=" + signingKeys.map(k -> k.keys().size() + " from auth.signing-keys")
                    .orElse("dir " + keysDir) + ", accessTokenTtl=" + accessTokenTtl + ", refreshTokenTtl="
                    + refreshTokenTtl + "]";
        }
    }

    public record Argon2(int memoryKib, int iterations, int parallelism, int maxConcurrent) {
    }

    /**
     * Abuse limits. Login limits count failed attempts only.
     *
     * @param store                   {@code redis} (counts shared by every instance) or {@code memory} (one instance)
     * @param loginFailuresPerPair    failed logins per (username, client address) in {@code loginWindow}
     * @param loginFailuresPerAddress failed logins per client address, any username, in {@code loginWindow}
     * @param registrationsPerAddress registrations per client address in {@code registrationWindow}
     * @param callsPerSecond          conversation calls per user and second (sustained), per instance
     * @param callBurst               conversation calls a user may make at once, per instance
     */
    public record Limits(String store, int loginFailuresPerPair, int loginFailuresPerAddress, Duration loginWindow,
                         int registrationsPerAddress, Duration registrationWindow, int callsPerSecond,
                         int callBurst) {
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
     * Reads every key, recording problems in {@code s}; the caller then calls
     * {@link Settings#validate()} to fail with all of them at once.
     */
    public static AuthConfig from(Settings s) {
        Http http = new Http(s.string("auth.http.host", "127.0.0.1"), s.integer("auth.http.port", 8081, 0, 65535),
                cidrs(s, "auth.trusted-proxies"), forwardedHeader(s), allowedOrigins(s));
        Tokens tokens = new Tokens(Path.of(s.string("auth.keys-dir", "var/auth/keys")), signingKeys(s),
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
        Limits limits = new Limits(s.string("auth.limits.store", "redis"),
                s.integer("auth.login-limit.attempts", 10, 1, 1_000_000),
                s.integer("auth.login-limit.address-failures", 100, 1, 1_000_000),
                s.duration("auth.login-limit.window", Duration.ofMinutes(15)),
                s.integer("auth.register-limit.attempts", 10, 1, 1_000_000),
                s.duration("auth.register-limit.window", Duration.ofMinutes(10)),
                s.integer("auth.limits.rest-rate", 20, 1, 1_000_000),
                s.integer("auth.limits.rest-burst", 40, 1, 1_000_000));
        if (limits.callBurst() < limits.callsPerSecond()) {
            s.problem("auth.limits.rest-burst must be at least auth.limits.rest-rate");
        }
        positive(s, "auth.login-limit.window", limits.loginWindow());
        positive(s, "auth.register-limit.window", limits.registrationWindow());
        if (!limits.store().equals("redis") && !limits.store().equals("memory")) {
            s.problem("auth.limits.store = '" + limits.store() + "' is not redis or memory");
        }
        Db db = new Db(s.get(SharedKeys.DB_URL), s.get(SharedKeys.DB_USER), s.get(SharedKeys.DB_PASSWORD),
                s.integer("auth.db.pool-size", 10, 1, 500));
        RedisConnection redis = RedisConnection.from(s);
        String kafka = s.get(SharedKeys.KAFKA_BOOTSTRAP_SERVERS);
        KafkaClientSecurity kafkaSecurity = KafkaClientSecurity.from(s);
        OutboxSettings outbox = new OutboxSettings(s.duration("auth.outbox.poll-interval", Duration.ofMillis(100)),
                s.integer("auth.outbox.batch-size", 100, 1, 10_000));
        positive(s, "auth.outbox.poll-interval", outbox.pollInterval());
        return new AuthConfig(http, tokens, argon2, limits, db, redis, kafka, kafkaSecurity, outbox,
                ObserveConfig.from(s));
    }

    /**
     * {@code auth.signing-keys}: empty = the key directory. The problem recorded for a bad set says
     * what is wrong without quoting the value (private keys).
     */
    private static Optional<KeyStore> signingKeys(Settings s) {
        String set = s.string("auth.signing-keys", "");
        if (set.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyStore.fromJwkSet(set));
        } catch (IllegalArgumentException e) {
            s.problem("auth.signing-keys: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A comma-separated list of CIDR blocks; each bad entry is a problem. */
    private static List<Cidr> cidrs(Settings s, String key) {
        List<Cidr> out = new ArrayList<>();
        for (String entry : s.string(key, "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                out.add(Cidr.parse(entry.trim()));
            } catch (IllegalArgumentException e) {
                s.problem(key + ": '" + entry.trim() + "' is not an address or CIDR block (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static OriginPolicy allowedOrigins(Settings s) {
        try {
            return OriginPolicy.parse(s.string("auth.allowed-origins", OriginPolicy.LOCAL));
        } catch (IllegalArgumentException e) {
            s.problem("auth.allowed-origins: " + e.getMessage());
            return new OriginPolicy(List.of());
        }
    }

    private static ForwardedHeader forwardedHeader(Settings s) {
        String v = s.string("auth.forwarded-header", "x-forwarded-for").toLowerCase(Locale.ROOT);
        return switch (v) {
            case "x-forwarded-for" -> ForwardedHeader.X_FORWARDED_FOR;
            case "forwarded" -> ForwardedHeader.FORWARDED;
            default -> {
                s.problem("auth.forwarded-header = '" + v + "' is not x-forwarded-for or forwarded");
                yield ForwardedHeader.X_FORWARDED_FOR;
            }
        };
    }

    private static void positive(Settings s, String key, Duration d) {
        if (d.isZero()) {
            s.problem(key + " must be positive");
        }
    }
}
