package dev.parley.edge.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.frame.ErrorCode;
import dev.parley.common.frame.ErrorFrame;
import dev.parley.common.frame.Limits;
import dev.parley.common.json.Json;

/**
 * A frame a client sent, after parsing and the contract's early checks. Anything that does not
 * parse becomes {@link Invalid} carrying the error to answer with; the connection stays open.
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
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(null, "not valid JSON");
        }
        if (node == null || !node.isObject()) {
            return invalid(null, "a frame must be a JSON object");
        }
        String clientMsgId = node.path("clientMsgId").isTextual() ? node.get("clientMsgId").asText() : null;
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return invalid(clientMsgId, "type is required");
        }
        return switch (type.asText()) {
            case "send" -> send(node, clientMsgId);
            case "read" -> {
                String conversationId = text(node, "conversationId");
                JsonNode seq = node.get("seq");
                if (conversationId == null) {
                    yield invalid(null, "conversationId must be a non-empty string");
                }
                if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
                    yield invalid(null, "seq must be a whole number >= 0");
                }
                yield new Read(conversationId, seq.asLong());
            }
            case "typing" -> {
                String conversationId = text(node, "conversationId");
                yield conversationId == null ? invalid(null, "conversationId must be a non-empty string")
                        : new Typing(conversationId);
            }
            case "ping" -> new Ping();
            default -> invalid(clientMsgId, "unknown type");
        };
    }

    private static ClientFrame send(JsonNode node, String clientMsgId) {
        for (String field : new String[] {"clientMsgId", "conversationId", "body"}) {
            JsonNode v = node.get(field);
            if (v == null || !v.isTextual()) {
                return invalid(clientMsgId, field + " must be a string");
            }
        }
        String conversationId = node.get("conversationId").asText();
        String body = node.get("body").asText();
        ErrorFrame refused = Limits.checkSend(clientMsgId, conversationId, body);
        if (refused != null) {
            return new Invalid(new ErrorFrame(refused.code(), refused.message(), clientMsgId, null));
        }
        return new Send(clientMsgId, conversationId, body);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static Invalid invalid(String clientMsgId, String message) {
        return new Invalid(ErrorFrame.of(ErrorCode.BAD_REQUEST, message, clientMsgId));
    }
}
