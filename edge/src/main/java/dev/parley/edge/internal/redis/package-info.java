/**
 * The edge's Redis client and what it builds on it: its presence vouches, its node channel, the
 * publisher to every node's channel, and revoked logins (the implementations are in
 * {@code dev.parley.common.redis}).
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.edge.internal}).
 */
package dev.parley.edge.internal.redis;
