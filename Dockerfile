# syntax=docker/dockerfile:1.7
#
# Every Parley image from one multi-stage build: `docker build --target <image> .` with <image> one
# of edge, auth, topology, sinks, ops (compose/docker-compose.yml builds them all). The build stage
# compiles once and every runtime stage copies only its own jar and libraries onto a JRE, so no
# build tool, source or Maven cache reaches a runtime image. Why Dockerfiles rather than Jib: see
# README.md "Run it with Docker".

ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
# -am builds what the deployables need from this repository; test-scoped modules (testkit and the
# Kafka/Cassandra classpaths it names) are built too, because Maven resolves every scope of a
# reactor project. The cache mount keeps ~/.m2 between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -pl ops,auth,streams-topology,sinks,edge,replay -am package \
 && docker/assemble /out

# What every runtime image shares: a JRE, a non-root user, the data directory.
FROM ${JRE_IMAGE} AS runtime
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /app --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir -p /app /var/lib/parley \
 && chown parley:parley /var/lib/parley
WORKDIR /app
USER 10001:10001

# What the four long-running services add: the health and metrics listener and the healthcheck.
FROM runtime AS service
COPY --chmod=0755 docker/healthcheck /usr/local/bin/parley-healthcheck
# The health and metrics listener must be reachable by Prometheus from other containers; the
# healthcheck asks it on 127.0.0.1 at PARLEY_OBSERVE_PORT, so that port must not be 0 here.
ENV PARLEY_OBSERVE_HOST=0.0.0.0 \
    PARLEY_OBSERVE_PORT=9400
EXPOSE 9400
# /health/ready answers 503 until Kafka, the store and Redis answer, and again once SIGTERM starts
# the drain: Docker (and compose's depends_on: service_healthy) see exactly what a load balancer sees.
HEALTHCHECK --interval=5s --timeout=3s --start-period=90s --retries=3 CMD ["parley-healthcheck"]

# -Dsun.net.inetaddr.ttl=5 (each ENTRYPOINT): the JVM caches a name's address for 30 s by default,
# and ElastiCache fails over by pointing its primary endpoint's name at the promoted replica: a
# service reconnecting to Redis (or to a replaced broker or store node) must look the name up again.
FROM service AS edge
COPY --from=build /out/edge/libs/ /app/libs/
COPY --from=build /out/edge/parley-edge.jar /app/parley-edge.jar
ENV PARLEY_EDGE_HTTP_HOST=0.0.0.0 \
    PARLEY_EDGE_HTTP_PORT=8080
EXPOSE 8080
# Java is PID 1 and gets SIGTERM itself: its shutdown hook drains (1001 to every socket, then stop).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5", "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/parley-edge.jar"]

FROM service AS auth
COPY --from=build /out/auth/libs/ /app/libs/
COPY --from=build /out/auth/parley-auth.jar /app/parley-auth.jar
RUN mkdir -p -m 700 /var/lib/parley/auth/keys
# The signing keys must outlive the container (compose mounts a volume here), or every restart
# would invalidate every token already handed out.
ENV PARLEY_AUTH_HTTP_HOST=0.0.0.0 \
    PARLEY_AUTH_HTTP_PORT=8081 \
    PARLEY_AUTH_KEYS_DIR=/var/lib/parley/auth/keys
VOLUME ["/var/lib/parley/auth"]
EXPOSE 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5", "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/parley-auth.jar"]

FROM service AS topology
COPY --from=build /out/streams-topology/libs/ /app/libs/
COPY --from=build /out/streams-topology/parley-streams-topology.jar /app/parley-streams-topology.jar
RUN mkdir -p /var/lib/parley/topology
# Kafka Streams' state stores: on a volume, a restart restores from the local checkpoint instead of
# replaying every changelog.
ENV PARLEY_TOPOLOGY_STATE_DIR=/var/lib/parley/topology
VOLUME ["/var/lib/parley/topology"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5", "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/parley-streams-topology.jar"]

FROM service AS sinks
COPY --from=build /out/sinks/libs/ /app/libs/
COPY --from=build /out/sinks/parley-sinks.jar /app/parley-sinks.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dsun.net.inetaddr.ttl=5", "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/parley-sinks.jar"]

# One-shot tools: `ops topics apply`, `ops cql apply`, and `ops replay ...` (the same jar as
# `./parley replay`). They serve no health endpoint, so no HEALTHCHECK.
FROM runtime AS ops
COPY --from=build /out/ops/libs/ /app/libs/
COPY --from=build /out/replay/libs/ /app/libs/
COPY --from=build /out/ops/parley-ops.jar /app/parley-ops.jar
COPY --from=build /out/replay/parley-replay.jar /app/parley-replay.jar
COPY topics.yaml /app/topics.yaml
COPY --chmod=0755 docker/parley-ops /usr/local/bin/parley-ops
ENTRYPOINT ["parley-ops"]
CMD ["help"]
