/**
 * The auth service's PostgreSQL adapters: users, conversations, refresh tokens, the outbox and its
 * wake-up.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.auth.internal}).
 */
package dev.parley.auth.internal.jdbc;
