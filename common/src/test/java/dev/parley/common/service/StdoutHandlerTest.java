package dev.parley.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

class StdoutHandlerTest {

    @Test
    void eachRecordIsWrittenAndFlushedAtOnceAndCloseLeavesTheStreamUsable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdoutHandler handler = new StdoutHandler(out);
        handler.setFormatter(new SimpleFormatter() {
            @Override
            public String format(LogRecord r) {
                return r.getLevel() + " " + r.getMessage() + "\n";
            }
        });
        handler.publish(new LogRecord(Level.INFO, "first"));
        assertThat(out.toString(StandardCharsets.UTF_8)).as("flushed without waiting for close").isEqualTo("INFO first\n");
        handler.close();
        handler.publish(new LogRecord(Level.WARNING, "after close"));
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("WARNING after close\n");
    }

    @Test
    void levelAndFormatterComeFromLoggingPropertiesUnderItsOwnName() throws Exception {
        String props = "dev.parley.common.service.StdoutHandler.level=WARNING\n";
        LogManager manager = LogManager.getLogManager();
        manager.readConfiguration(new ByteArrayInputStream(props.getBytes(StandardCharsets.UTF_8)));
        try {
            StdoutHandler handler = new StdoutHandler();
            assertThat(handler.getLevel()).isEqualTo(Level.WARNING);
            assertThat(handler.isLoggable(new LogRecord(Level.INFO, "x"))).isFalse();
        } finally {
            manager.readConfiguration();
        }
    }
}
