package dev.parley.auth;

/**
 * One-way password hashing. The encoded form carries its own algorithm parameters and salt, so
 * parameters can change without invalidating stored hashes. Passwords are never logged.
 */
public interface PasswordHasher {
    /** @return the encoded hash of {@code password} with a fresh random salt */
    String hash(String password);

    /** @return true when {@code password} matches {@code encoded}; false also for a malformed encoding */
    boolean verify(String password, String encoded);

    /**
     * Burns about the time of one {@link #verify} so that a login for an unknown username takes as
     * long as one with a wrong password.
     */
    void dummyVerify(String password);
}
