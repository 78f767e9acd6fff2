package dev.parley.auth.internal;

import dev.parley.auth.AttemptCounters;
import dev.parley.auth.AttemptCounters.Decision;
import dev.parley.auth.AttemptCounters.Limit;
import dev.parley.auth.AuthConfig;
import java.util.List;

/**
 * Who may try to log in or register now (OWASP ASVS V2.2: lock out attackers, not users).
 *
 * <p>Login limits count failures only, under two keys: the (username, client address) pair, which
 * stops guessing one account's password from one place without locking its owner out elsewhere,
 * and the client address across usernames, which stops credential stuffing. There is no limit on
 * the username alone, since anyone could trigger it. Each attempt is counted before the password
 * is checked (so parallel guesses cannot all pass the check) and given back when it succeeds; a
 * success also clears the pair. Registrations count every attempt per address.
 */
public final class AccountLimits {
    /** The username of every login whose name cannot exist: one pair key per address for all of them. */
    private static final String NOT_A_NAME = "~";

    private final AttemptCounters counters;
    private final AuthConfig.Limits limits;

    public AccountLimits(AttemptCounters counters, AuthConfig.Limits limits) {
        this.counters = counters;
        this.limits = limits;
    }

    /** Counts a login attempt (a failure until {@link #loginSucceeded} says otherwise). */
    public Decision tryLogin(String username, String address) {
        return counters.tryAcquire(List.of(
                new Limit(pairKey(username, address), limits.loginFailuresPerPair(), limits.loginWindow()),
                new Limit(addressKey(address), limits.loginFailuresPerAddress(), limits.loginWindow())));
    }

    /** The attempt counted by {@link #tryLogin} was a success: it was not a failure after all. */
    public void loginSucceeded(String username, String address) {
        counters.reset(pairKey(username, address));
        counters.release(addressKey(address));
    }

    /** The attempt counted by {@link #tryLogin} could not be decided (a store failed): it does not count. */
    public void loginAbandoned(String username, String address) {
        counters.release(pairKey(username, address));
        counters.release(addressKey(address));
    }

    public Decision tryRegister(String address) {
        return counters.tryAcquire(List.of(new Limit("register:{" + address + "}", limits.registrationsPerAddress(),
                limits.registrationWindow())));
    }

    // Both login keys carry the address as hash tag: one Redis cluster slot, one atomic script.
    private static String addressKey(String address) {
        return "login:{" + address + "}";
    }

    private static String pairKey(String username, String address) {
        return "login:{" + address + "}:" + (Validation.username(username) ? username : NOT_A_NAME);
    }
}
