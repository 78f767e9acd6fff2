/**
 * The node router's Redis client: presence lookups and publishes to the edge nodes' channels
 * (the implementations are in {@code dev.parley.common.redis}).
 *
 * <p>Internal: not part of Parley's API (see {@code dev.parley.sinks.internal}).
 */
package dev.parley.sinks.internal.redis;
