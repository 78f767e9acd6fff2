package dev.parley.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class BrokerRequestsTest {
    /** The shape of a broker's Yammer meter as JMX shows it: only {@code Count} is read. */
    public interface MeterMBean {
        long getCount();
    }

    public record Meter(long count) implements MeterMBean {
        @Override
        public long getCount() {
            return count;
        }
    }

    @Test
    void countsAreSummedOverVersionsPerApiAndFetchIsCountedOnce() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> names = List.of(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=11"),
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=12"),
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=EndTxn,version=5"),
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,version=1"),
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Fetch,version=17"),
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,request=FetchConsumer,version=17"),
                new ObjectName("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=Produce,error=NONE"));
        long[] counts = {170, 4, 43, 9, 30, 30, 999};
        for (int i = 0; i < names.size(); i++) {
            server.registerMBean(new Meter(counts[i]), names.get(i));
        }
        try {
            assertThat(BrokerRequests.counts(server)).containsExactly(Map.entry("EndTxn", 43L), Map.entry("Fetch", 30L), Map.entry("Produce", 174L));
        } finally {
            for (ObjectName n : names) {
                server.unregisterMBean(n);
            }
        }
    }

    @Test
    void aBrokerThatCannotBeAttachedToCountsAsNone() {
        try (BrokerRequests requests = new BrokerRequests(() -> List.of(Long.MAX_VALUE))) {
            assertThat(requests.counts()).isEmpty();
        }
    }
}
