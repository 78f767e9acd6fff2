package dev.parley.edge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.parley.common.frame.ServerFrame;
import dev.parley.common.json.Json;

/** Serialises server frames with their {@code type}, whatever the static type at the call site. */
final class Frames {
    private static final ObjectWriter WRITER = Json.mapper().writerFor(ServerFrame.class);

    private Frames() {
    }

    static String write(ServerFrame frame) {
        try {
            return WRITER.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + frame.getClass().getSimpleName(), e);
        }
    }
}
