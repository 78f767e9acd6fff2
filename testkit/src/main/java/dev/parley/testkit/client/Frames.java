package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading frames and history answers as a contract client does. */
public final class Frames {
    private Frames() {
    }

    /** The frames of {@code type} (for {@code message}: of that conversation) among {@code frames}, in arrival order. */
    public static List<JsonNode> ofType(List<JsonNode> frames, String type, String conversationId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : frames) {
            if (type.equals(f.path("type").asText())
                    && (conversationId == null || conversationId.equals(f.path("conversationId").asText()))) {
                out.add(f);
            }
        }
        return out;
    }

    /** The seqs of the {@code message} frames of a conversation a session received, in arrival order. */
    public static List<Long> messageSeqs(WsConnection ws, String conversationId) {
        return seqs(ofType(ws.frames(), "message", conversationId));
    }

    /** The {@code seq} of each node, in order. */
    public static List<Long> seqs(Iterable<JsonNode> nodes) {
        List<Long> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.path("seq").asLong()));
        return out;
    }

    /** The {@code messages} of a history answer as a list. */
    public static List<JsonNode> messages(JsonNode historyAnswer) {
        List<JsonNode> out = new ArrayList<>();
        historyAnswer.path("messages").forEach(out::add);
        return out;
    }

    /** {@code from, from+1, …, to} (empty when {@code to < from}). */
    public static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
