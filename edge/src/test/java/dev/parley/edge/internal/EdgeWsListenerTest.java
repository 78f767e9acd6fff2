package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Issue 10: a WebSocket error is logged with its throwable, not dropped. */
class EdgeWsListenerTest {

    @Test
    void onErrorLogsTheThrowable() {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(EdgeWsListener.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            IllegalStateException boom = new IllegalStateException("boom");
            new EdgeWsListener(null, null).onError(new FakeWsSession(), boom);
            assertThat(records).anySatisfy(r -> assertThat(r.getThrown()).isSameAs(boom));
        } finally {
            jul.removeHandler(capture);
        }
    }
}
