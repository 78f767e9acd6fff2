/**
 * The auth service's logic (accounts, conversations, password hashing, refresh tokens, limits, the
 * outbox relay) and, in subpackages, its adapters: {@code http} routes, {@code jdbc} (PostgreSQL),
 * {@code redis}, {@code memory}.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the auth module should not use
 * them.
 */
package dev.parley.auth.internal;
