/**
 * The auth service's HTTP routes, error answers and client address resolution.
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.auth.internal}).
 */
package dev.parley.auth.internal.http;
