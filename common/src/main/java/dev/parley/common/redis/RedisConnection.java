package dev.parley.common.redis;

import dev.parley.common.config.ConfigKey;
import dev.parley.common.config.Settings;
import dev.parley.common.config.SharedKeys;
import io.lettuce.core.RedisURI;
import java.net.URI;
import java.util.List;

/**
 * Where and how every Parley service connects to Redis: {@code redis.uri} ({@code rediss://} for
 * TLS) and {@code redis.password} (the ElastiCache AUTH token). {@link #redisUri()} is the one
 * place a Lettuce {@link RedisURI} is built, so every connection of every service authenticates
 * alike. The password never appears in {@link #toString()} or a config problem.
 *
 * @param uri      {@code redis://} or {@code rediss://}, checked by {@link SharedKeys#REDIS_URI}
 * @param password AUTH password; empty = none (or one written in the URI, the older way)
 */
public record RedisConnection(String uri, String password) {
    /** The keys read here, for the tests that check each service's CONFIG.md. */
    public static final List<ConfigKey<?>> KEYS = List.of(SharedKeys.REDIS_URI, SharedKeys.REDIS_PASSWORD);

    private static final String AMBIGUOUS =
            "redis.uri has credentials and redis.password is set too: give the password one way";

    /** @throws IllegalArgumentException when a password is given both ways */
    public RedisConnection {
        if (!password.isEmpty() && hasCredentials(uri)) {
            throw new IllegalArgumentException(AMBIGUOUS);
        }
    }

    /** A connection without AUTH (tests, the local stack). */
    public static RedisConnection of(String uri) {
        return new RedisConnection(uri, "");
    }

    /** Reads both keys, recording problems in {@code s}; the caller then calls {@link Settings#validate()}. */
    public static RedisConnection from(Settings s) {
        String uri = s.get(SharedKeys.REDIS_URI);
        String password = s.get(SharedKeys.REDIS_PASSWORD);
        if (!password.isEmpty() && hasCredentials(uri)) {
            s.problem(AMBIGUOUS);
            return of(uri);
        }
        return new RedisConnection(uri, password);
    }

    /** Whether the URI has a user-info part ({@code redis://:secret@host}), which Lettuce takes as credentials. */
    private static boolean hasCredentials(String uri) {
        try {
            String info = URI.create(uri).getRawUserInfo();
            return info != null && !info.isEmpty();
        } catch (IllegalArgumentException e) {
            return uri.contains("@");
        }
    }

    /** A new Lettuce URI, with AUTH when a password is set; the caller may still set its timeout. */
    public RedisURI redisUri() {
        RedisURI r = RedisURI.create(uri);
        if (!password.isEmpty()) {
            r.setAuthentication(password);
        }
        return r;
    }

    @Override
    public String toString() {
        return "RedisConnection[uri=" + uri.replaceFirst("//[^/@]*@", "//***@")
                + (password.isEmpty() ? "" : ", password=***") + "]";
    }
}
