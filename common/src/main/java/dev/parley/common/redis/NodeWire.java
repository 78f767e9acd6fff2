package dev.parley.common.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.parley.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one publish on a node channel carries: one {@link NodeEnvelope} as a JSON object, or
 * several as a JSON array of such objects, to be handled in their order. The router sends what
 * one batch has for a node in one publish, since each publish costs a command, a reply and a
 * wake-up on both sides whatever it carries.
 *
 * <p>The array came after the first release; an edge that reads only objects dead-letters it as
 * not an envelope: upgrade the edges before the sinks.
 */
public final class NodeWire {

    private NodeWire() {
    }

    /**
     * The publish of {@code envelopes}: the one envelope as an object, several as an array of them.
     *
     * @throws IllegalArgumentException when there are none, or one cannot be written as JSON (a malformed string)
     */
    public static String write(List<NodeEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            throw new IllegalArgumentException("no envelope to publish");
        }
        if (envelopes.size() == 1) {
            return Json.write(envelopes.getFirst());
        }
        StringBuilder out = new StringBuilder(envelopes.size() * 320).append('[');
        for (NodeEnvelope envelope : envelopes) {
            out.append(out.length() == 1 ? "" : ",").append(Json.write(envelope));
        }
        return out.append(']').toString();
    }

    /**
     * The envelopes of one publish, each as its own bytes, undecoded: an array's elements in order,
     * anything else as it is (one envelope, or poison the caller's decoding refuses). Splitting
     * checks only the array's syntax, so that one bad element can be refused alone with its bytes.
     *
     * @throws IllegalArgumentException when it is an array but not one well-formed JSON array of at least one value
     */
    public static List<byte[]> split(byte[] publish) {
        if (!isArray(publish)) {
            return List.of(publish);
        }
        try (JsonParser parser = Json.mapper().getFactory().createParser(publish)) {
            parser.nextToken();
            List<byte[]> elements = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new IllegalArgumentException("an unterminated array");
                }
                long start = parser.currentTokenLocation().getByteOffset();
                if (token.isStructStart()) {
                    parser.skipChildren();
                } else {
                    parser.finishToken();
                }
                long end = parser.currentLocation().getByteOffset();
                elements.add(Arrays.copyOfRange(publish, (int) start, (int) end));
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the array");
            }
            if (elements.isEmpty()) {
                throw new IllegalArgumentException("an empty array");
            }
            return elements;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON array: " + e.getMessage(), e);
        }
    }

    /**
     * Every envelope of one publish, decoded.
     *
     * @throws IllegalArgumentException when it is not one envelope or an array of them
     */
    public static List<NodeEnvelope> read(byte[] publish) {
        return split(publish).stream().map(e -> Json.read(e, NodeEnvelope.class)).toList();
    }

    private static boolean isArray(byte[] publish) {
        for (byte b : publish) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '[';
            }
        }
        return false;
    }
}
