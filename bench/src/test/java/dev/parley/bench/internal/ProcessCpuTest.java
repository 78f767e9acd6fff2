package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each process's CPU per second, from the ticks /proc reports, named by the part of the stack it runs. */
class ProcessCpuTest {

    @Test
    void aCommandLineIsNamedByThePartOfTheStackItRuns() {
        assertThat(ProcessCpu.part("/usr/lib/jvm/bin/java -XX:AOTCache=x -jar /w/streams-topology/target/"
                + "parley-streams-topology-0.1.0-SNAPSHOT.jar")).contains("topology");
        assertThat(ProcessCpu.part("java -cp /w/dist/kafka/target/lib/* kafka.Kafka /d/server.properties"))
                .contains("kafka");
        assertThat(ProcessCpu.part("java -cp x org.apache.cassandra.service.CassandraDaemon")).contains("cassandra");
        assertThat(ProcessCpu.part("redis-server 127.0.0.1:6390")).contains("redis");
        // the service's own jar decides, whatever else its command line says
        assertThat(ProcessCpu.part("java -Dnote=kafka.Kafka -jar parley-auth-0.1.0-SNAPSHOT.jar")).contains("auth");
        assertThat(ProcessCpu.part("/usr/bin/jcmd 4242 GC.run")).isEmpty();
    }

    @Test
    void ticksAreUserPlusSystemTimeEvenWhenTheCommandNameHoldsSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 40 0 12345 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(325);
    }

    @Test
    void eachSampleGivesThePercentOfOneCoreUsedSinceThePreviousOne() {
        ProcessCpu cpu = new ProcessCpu();
        cpu.sample(10, Map.of(1L, new ProcessCpu.Snapshot("kafka", 1_000), 2L, new ProcessCpu.Snapshot("edge", 50)));
        assertThat(cpu.rows()).as("the first sample only sets the baseline").isEmpty();

        cpu.sample(11, Map.of(1L, new ProcessCpu.Snapshot("kafka", 1_045), 2L, new ProcessCpu.Snapshot("edge", 60),
                3L, new ProcessCpu.Snapshot("topology", 500)));
        assertThat(cpu.rows()).containsExactlyInAnyOrder(new ProcessCpu.Row(11, "kafka", 1, 45.0),
                new ProcessCpu.Row(11, "edge", 2, 10.0));

        // two seconds later, the edge gone, and a rolled-up child that exited took ticks with it
        cpu.sample(13, Map.of(1L, new ProcessCpu.Snapshot("kafka", 1_345), 3L, new ProcessCpu.Snapshot("topology", 480)));
        assertThat(cpu.rows()).contains(new ProcessCpu.Row(13, "kafka", 1, 150.0),
                new ProcessCpu.Row(13, "topology", 3, 0.0)).hasSize(4);
        assertThat(cpu.csv()).startsWith("second,part,pid,cpu_percent\n").contains("13,kafka,1,150.0\n");
    }

    @Test
    void aPidReusedByAnotherPartStartsAfresh() {
        ProcessCpu cpu = new ProcessCpu();
        cpu.sample(1, Map.of(7L, new ProcessCpu.Snapshot("edge", 900)));
        cpu.sample(2, Map.of(7L, new ProcessCpu.Snapshot("sinks", 10)));
        assertThat(cpu.rows()).isEmpty();
    }
}
