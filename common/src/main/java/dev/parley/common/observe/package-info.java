/**
 * How every Parley service is watched, one way for all of them: its health (liveness and
 * readiness), its meters in Prometheus format, and the W3C trace context that follows one message
 * across every hop (Kafka headers, the Redis node envelope) into OpenTelemetry spans and log lines.
 *
 * <p>The meter names, health checks and span names are documented in docs/observability.md; the
 * dashboard in {@code docs/grafana/} queries only meters listed there.
 */
package dev.parley.common.observe;
