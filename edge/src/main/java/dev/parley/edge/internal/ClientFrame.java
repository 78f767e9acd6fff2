package dev.parley.edge.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;
import dev.parley.common.text.Unicode;

/**
 * A frame a client sent, after parsing and the contract's early checks. Anything that does not
 * parse becomes {@link Invalid} carrying the error to answer with; the connection stays open.
 *
 * <p>Strict on purpose (issue 9): a frame is exactly one JSON object (trailing data refused),
 * every string in it is well-formed Unicode, and every id passes {@link Ids}. Nothing is ever
 * replaced or repaired, and a refusal echoes a {@code clientMsgId} only when it is itself valid.
 */
sealed interface ClientFrame {

    record Send(String clientMsgId, String conversationId, String body) implements ClientFrame {
    }

    record Read(String conversationId, long seq) implements ClientFrame {
    }

    record Typing(String conversationId) implements ClientFrame {
    }

    record Ping() implements ClientFrame {
    }

    record Invalid(ErrorFrame error) implements ClientFrame {
    }

    static ClientFrame parse(String text) {
        JsonNode node;
        try {
            node = Json.readTree(text);
        } catch (Unicode.MalformedTextException e) {
            // Well-formed JSON with a malformed string in it: still name the send it refuses, so
            // the client can tell which of its messages was not taken.
            return invalid(echoable(text), "every string in a frame must be well-formed Unicode");
        } catch (IllegalArgumentException e) {
            return invalid(null, "a frame must be exactly one JSON object");
        }
        if (!node.isObject()) {
            return invalid(null, "a frame must be a JSON object");
        }
        JsonNode id = node.get("clientMsgId");
        String clientMsgId = id != null && id.isTextual() && Ids.clientMsgIdProblem(id.textValue()) == null
                ? id.textValue() : null;
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return invalid(clientMsgId, "type is required");
        }
        return switch (type.textValue()) {
            case "send" -> send(node, clientMsgId);
            case "read" -> read(node);
            case "typing" -> {
                String problem = idProblem(node, "conversationId");
                yield problem != null ? invalid(null, problem) : new Typing(node.get("conversationId").textValue());
            }
            case "ping" -> new Ping();
            default -> invalid(clientMsgId, "unknown type");
        };
    }

    /** The frame's {@code clientMsgId} when it is itself valid, read without the Unicode check. */
    private static String echoable(String text) {
        try {
            JsonNode id = Json.mapper().readTree(text).get("clientMsgId");
            return id != null && id.isTextual() && Ids.clientMsgIdProblem(id.textValue()) == null ? id.textValue() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static ClientFrame send(JsonNode node, String clientMsgId) {
        for (String field : new String[] {"clientMsgId", "conversationId", "body"}) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                return invalid(clientMsgId, field + " must be a string");
            }
        }
        String idProblem = Ids.clientMsgIdProblem(node.get("clientMsgId").textValue());
        if (idProblem != null) {
            return invalid(null, "clientMsgId " + idProblem);
        }
        String conversationProblem = idProblem(node, "conversationId");
        if (conversationProblem != null) {
            return invalid(clientMsgId, conversationProblem);
        }
        String conversationId = node.get("conversationId").textValue();
        String body = node.get("body").textValue();
        ErrorFrame refused = Limits.checkSend(clientMsgId, conversationId, body);
        if (refused != null) {
            return new Invalid(new ErrorFrame(refused.code(), refused.message(), clientMsgId, null));
        }
        return new Send(clientMsgId, conversationId, body);
    }

    private static ClientFrame read(JsonNode node) {
        String problem = idProblem(node, "conversationId");
        if (problem != null) {
            return invalid(null, problem);
        }
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            return invalid(null, "seq must be a whole number >= 0");
        }
        return new Read(node.get("conversationId").textValue(), seq.longValue());
    }

    /** @return null when {@code field} holds a valid id, else the message to answer with */
    private static String idProblem(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            return field + " must be a non-empty string";
        }
        String problem = Ids.problem(v.textValue());
        return problem == null ? null : field + " " + problem;
    }

    private static Invalid invalid(String clientMsgId, String message) {
        return new Invalid(ErrorFrame.of(ErrorCode.BAD_REQUEST, message, clientMsgId));
    }
}
