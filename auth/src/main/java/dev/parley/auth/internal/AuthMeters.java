package dev.parley.auth.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The account meters: logins, registrations and refreshes by outcome. Each outcome is an enum
 * constant, so a tag value can only come from a closed set, and every series exists (at 0) from
 * start-up, which is what {@code rate()} and alerts on reuse need.
 */
public final class AuthMeters {

    /** How a {@code POST /v1/auth/login} ended. */
    public enum Login { OK, BAD_CREDENTIALS, RATE_LIMITED, INVALID_REQUEST, UNAVAILABLE }

    /** How a {@code POST /v1/auth/register} ended. */
    public enum Registration { OK, USERNAME_TAKEN, RATE_LIMITED, INVALID_REQUEST, UNAVAILABLE }

    /**
     * How a {@code POST /v1/auth/refresh} ended: {@code REUSED} is a rotated-out token presented
     * again (its login is revoked); {@code INVALID} is unknown, revoked or malformed.
     */
    public enum Refresh { ROTATED, REUSED, EXPIRED, INVALID, INVALID_REQUEST, UNAVAILABLE }

    private final Map<Login, Counter> logins;
    private final Map<Registration, Counter> registrations;
    private final Map<Refresh, Counter> refreshes;

    public AuthMeters(MeterRegistry registry) {
        logins = counters(registry, Login.class, "parley.auth.logins", "Login attempts by outcome");
        registrations = counters(registry, Registration.class, "parley.auth.registrations",
                "Registration attempts by outcome");
        refreshes = counters(registry, Refresh.class, "parley.auth.refresh",
                "Refresh-token presentations by outcome (reused: reuse detected, login revoked)");
    }

    public void login(Login outcome) {
        logins.get(outcome).increment();
    }

    public void registration(Registration outcome) {
        registrations.get(outcome).increment();
    }

    public void refresh(Refresh outcome) {
        refreshes.get(outcome).increment();
    }

    /** The tag value of an outcome: {@code BAD_CREDENTIALS} is {@code bad_credentials}. */
    public static String tag(Enum<?> outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> Map<E, Counter> counters(MeterRegistry registry, Class<E> outcomes,
                                                                 String name, String description) {
        Map<E, Counter> out = new EnumMap<>(outcomes);
        for (E outcome : outcomes.getEnumConstants()) {
            out.put(outcome, Counter.builder(name).description(description).tag("outcome", tag(outcome))
                    .register(registry));
        }
        return out;
    }
}
