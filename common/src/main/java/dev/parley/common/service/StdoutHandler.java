package dev.parley.common.service;

import java.io.OutputStream;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * java.util.logging's {@code ConsoleHandler}, but on standard output: the services log there, as
 * containers are expected to (logging.properties names it), and keep standard error for the one
 * {@code FATAL} line that says why a service could not start. Flushed per record, so a line is
 * never held back behind a crash. Level, formatter and encoding come from logging.properties
 * ({@code dev.parley.common.service.StdoutHandler.level} and so on), as for any JUL handler.
 */
public class StdoutHandler extends StreamHandler {

    public StdoutHandler() {
        this(System.out);
    }

    StdoutHandler(OutputStream out) {
        setOutputStream(out);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
    }

    /** Flushes, but never closes standard output (JUL closes handlers at shutdown). */
    @Override
    public synchronized void close() {
        flush();
    }
}
