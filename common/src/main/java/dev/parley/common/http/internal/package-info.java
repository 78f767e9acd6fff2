/**
 * How the HTTP hardening of {@code dev.parley.common.http} is done: the guarded selector,
 * connection and WebSocket upgrader, request and frame validation.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the {@code dev.parley.common.http}
 * package should not use them.
 */
package dev.parley.common.http.internal;
