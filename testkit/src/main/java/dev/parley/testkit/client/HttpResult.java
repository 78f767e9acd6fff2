package dev.parley.testkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.common.json.Json;
import java.util.Optional;

/** An HTTP answer as a contract client sees it: status, headers of interest, and the JSON body. */
public record HttpResult(int status, String body, Optional<String> retryAfter) {

    public JsonNode json() {
        try {
            return body == null || body.isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON (status " + status + "): " + body, e);
        }
    }

    /** The contract's error code of an error answer, or null. */
    public String errorCode() {
        JsonNode e = json().path("error").path("code");
        return e.isMissingNode() ? null : e.asText();
    }

    public HttpResult expect(int expectedStatus) {
        if (status != expectedStatus) {
            throw new AssertionError("expected HTTP " + expectedStatus + " but got " + status + ": " + body);
        }
        return this;
    }
}
