package dev.parley.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.infra.internal.Binaries;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Starts the four real servers on free ports, talks to each in its own protocol, restarts two on
 * their data, stops all. Kafka runs with an AOT cache: its first process trains it, the restarted
 * one maps it.
 */
class InfraIT {

    @Test
    void startsAnswersRestartsAndStopsAllFour() throws Exception {
        Path home = home();
        // Not createTempDirectory: its mode 700 would keep the postgres user out.
        Path base = Files.createDirectories(Path.of("target", "infra-it", UUID.randomUUID().toString().substring(0, 8))
                .toAbsolutePath());
        int kafkaPort = Ports.free();
        int cqlPort = Ports.free();
        int redisPort = Ports.free();
        int pgPort = Ports.free();
        boolean aotJdk = Runtime.version().feature() >= AotCache.FIRST_JDK;
        Path aotDir = base.resolve("aot");
        KafkaServer kafka = new KafkaServer(new KafkaServer.Config(home, base.resolve("kafka"), kafkaPort, Ports.free()),
                new AotCache(aotDir, Runtime.version().feature()));
        CassandraServer cassandra = new CassandraServer(new CassandraServer.Config(home, base.resolve("cassandra"),
                cqlPort, Ports.free(), Ports.free(), null));
        RedisServer redis = new RedisServer(new RedisServer.Config(base.resolve("redis"), redisPort));
        PostgresServer postgres = new PostgresServer(
                new PostgresServer.Config(base.resolve("postgres"), pgPort, "parley", "parley", "parley"));
        List<Server> all = List.of(redis, postgres, kafka, cassandra);
        try {
            for (Server s : all) {
                s.start();
                s.start(); // idempotent
                assertThat(s.isRunning()).as(s.name()).isTrue();
            }
            assertThat(redisPing(redisPort)).isEqualTo("+PONG");
            assertThat(psql(pgPort, "select current_user || '@' || current_database()")).isEqualTo("parley@parley");
            assertThat(kafkaApiVersionsError(kafkaPort)).isZero();
            assertThat(cqlOptionsOpcode(cqlPort)).isEqualTo(0x06); // SUPPORTED
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafkaPort);
            assertThat(cassandra.contactPoint()).isEqualTo("127.0.0.1:" + cqlPort);
            assertThat(Files.readString(Path.of("/proc", Long.toString(cassandra.pid()), "timerslack_ns")).trim())
                    .as("the stand-in's spinning threads wake less often").isEqualTo("1000000");
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redisPort);
            assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pgPort + "/parley");

            String clusterId = Files.readString(base.resolve("kafka/cluster-id"));
            psql(pgPort, "create table kept(x int)");
            assertThat(kafka.aotUse()).isEqualTo(aotJdk ? AotCache.Use.TRAIN : AotCache.Use.OFF);
            kafka.stop();
            postgres.stop();
            if (aotJdk) {
                assertThat(aotDir.resolve("kafka.aot")).as("written at the clean stop").isNotEmptyFile();
            }
            kafka.start();
            postgres.start();
            assertThat(Files.readString(base.resolve("kafka/cluster-id"))).isEqualTo(clusterId);
            assertThat(kafkaApiVersionsError(kafkaPort)).isZero();
            if (aotJdk) {
                assertThat(kafka.aotUse()).isEqualTo(AotCache.Use.USE);
                assertThat(Files.readString(Path.of("/proc", Long.toString(kafka.pid()), "maps")))
                        .as("the restarted broker mapped the cache").contains("kafka.aot");
            }
            assertThat(psql(pgPort, "select count(*) from kept")).isEqualTo("0");
        } finally {
            all.forEach(Server::stop);
        }
        for (Server s : all) {
            assertThat(s.isRunning()).as(s.name()).isFalse();
            s.stop(); // idempotent
        }
        for (int port : List.of(kafkaPort, cqlPort, redisPort, pgPort)) {
            assertThatCode(() -> Ports.requireFree(port, "test")).doesNotThrowAnyException();
        }
    }

    static Path home() {
        String p = System.getProperty("parley.home");
        Path dir = p != null ? Path.of(p) : Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("topics.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root (holding topics.yaml)").isNotNull();
        return dir;
    }

    private static String redisPing(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] b = new byte[5];
            new DataInputStream(s.getInputStream()).readFully(b);
            return new String(b, StandardCharsets.US_ASCII);
        }
    }

    private static String psql(int port, String sql) throws Exception {
        Path psql = Binaries.postgresBin(Path.of("/usr/lib/postgresql")).resolve("psql");
        Process p = new ProcessBuilder(psql.toString(), "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "parley", "-d", "parley", "-tAq", "-v", "ON_ERROR_STOP=1", "-c", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** ApiVersions v0: the error code of the response (0 = a broker answered). */
    private static int kafkaApiVersionsError(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] clientId = "infra-it".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18); // ApiVersions
            out.writeShort(0);
            out.writeInt(42);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readInt(); // size
            assertThat(in.readInt()).isEqualTo(42);
            return in.readShort();
        }
    }

    /** A native-protocol v4 OPTIONS request: the opcode of the response. */
    private static int cqlOptionsOpcode(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(new byte[] {0x04, 0, 0, 1, 0x05, 0, 0, 0, 0});
            byte[] header = new byte[9];
            new DataInputStream(s.getInputStream()).readFully(header);
            assertThat(header[0] & 0xff).isEqualTo(0x84); // response, v4
            return header[4];
        }
    }
}
