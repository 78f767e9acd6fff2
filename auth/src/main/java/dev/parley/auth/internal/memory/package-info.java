/**
 * In-memory adapters of the auth service for a single instance ({@code auth.limits.store=memory}).
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.auth.internal}).
 */
package dev.parley.auth.internal.memory;
