package dev.parley.infra.internal;

import dev.parley.infra.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration of a one-node Cassandra 5.0 for development: one token, SimpleSnitch, no
 * authentication, every directory under the data dir, logging to stdout (cassandra.log).
 */
public final class CassandraFiles {
    /** Upstream {@code conf/jvm17-server.options} (JPMS section) plus the Netty flags. */
    static final List<String> JDK17_FLAGS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private CassandraFiles() {
    }

    public static String renderYaml(Path dataDir, int nativePort, int storagePort) {
        return renderYaml(dataDir, nativePort, storagePort, null);
    }

    /** As above; with {@code secured}, password authentication and TLS on the native port. */
    public static String renderYaml(Path dataDir, int nativePort, int storagePort,
                                    dev.parley.infra.CassandraServer.Secured secured) {
        Path d = dataDir.toAbsolutePath();
        String authenticator = secured == null ? "AllowAllAuthenticator" : "PasswordAuthenticator";
        List<String> tls = secured == null ? List.of() : List.of(
                "client_encryption_options:",
                "  enabled: true",
                "  optional: false",
                "  keystore: " + secured.keystore().toAbsolutePath(),
                "  keystore_password: " + secured.keystorePassword(),
                "  store_type: PKCS12",
                "  require_client_auth: false");
        List<String> lines = new ArrayList<>(tls);
        lines.addAll(0, List.of(
                "# Written by parley-infra on every start; edits are lost.",
                "cluster_name: parley-local",
                "num_tokens: 1",
                "initial_token: 0",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + storagePort + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "authenticator: " + authenticator,
                "authorizer: AllowAllAuthorizer",
                "role_manager: CassandraRoleManager",
                "data_file_directories:",
                "  - " + d.resolve("data"),
                "commitlog_directory: " + d.resolve("commitlog"),
                "saved_caches_directory: " + d.resolve("saved_caches"),
                "hints_directory: " + d.resolve("hints"),
                "cdc_raw_directory: " + d.resolve("cdc_raw"),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                // Cassandra's own default for a 1 GiB heap (a quarter of it). At 64 MiB the stand-in
                // flushed every 7 s at 3,200 writes a second and compacted for 1.5 s of a core, which
                // on two shared cores stalled every tier (docs/performance.md, "The stand-in's memtable").
                "memtable_heap_space: 256MiB",
                "storage_compatibility_mode: NONE",
                "auto_snapshot: false"));
        lines.add("");
        return String.join("\n", lines);
    }

    public static String renderLogback() {
        return """
                <!-- Written by parley-infra: INFO to stdout, which goes to cassandra.log. -->
                <configuration scan="false">
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """;
    }

    /** The whole command line of the server JVM; {@code jammJar} (the memory meter agent) may be null. */
    public static List<String> command(Path java, Path lib, Path jammJar, Path dataDir, int jmxPort) {
        Path d = dataDir.toAbsolutePath();
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(List.of("-Xms512m", "-Xmx1g", "-Xss256k", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true"));
        cmd.addAll(ChildJvm.options());
        cmd.addAll(JDK17_FLAGS);
        if (jammJar != null) {
            cmd.add("-javaagent:" + jammJar.toAbsolutePath());
        }
        cmd.addAll(List.of(
                "-Dcassandra.config=" + d.resolve("conf/cassandra.yaml").toUri(),
                "-Dlogback.configurationFile=" + d.resolve("conf/logback.xml"),
                "-Dcassandra.logdir=" + d.resolve("logs"),
                "-Dcassandra.storagedir=" + d,
                "-Dcassandra-foreground=yes",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=0",
                "-Dcassandra.jmx.local.port=" + jmxPort,
                "-cp", d.resolve("conf") + ":" + lib.toAbsolutePath() + "/*",
                "org.apache.cassandra.service.CassandraDaemon"));
        return cmd;
    }
}
