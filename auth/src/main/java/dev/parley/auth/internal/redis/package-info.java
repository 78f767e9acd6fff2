/**
 * The auth service's Redis adapters (attempt counters shared by every instance).
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.auth.internal}).
 */
package dev.parley.auth.internal.redis;
