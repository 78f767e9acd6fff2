/**
 * The edge's logic: admission of WebSocket upgrades, sessions and their writers, the inbound path
 * (client frame to command sink) and the outbound path (node channel to sessions), presence
 * announcements, limits, and the REST routes. The adapters to Redis, CQL and Kafka are in the
 * subpackages.
 *
 * <p>Internal: not part of Parley's API. The types here (and in subpackages) may change or go away
 * in any commit, without notice or compatibility; code outside the edge module should not use them.
 */
package dev.parley.edge.internal;
