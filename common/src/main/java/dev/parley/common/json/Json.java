package dev.parley.common.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.parley.common.text.Unicode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one JSON configuration of Parley: events on Kafka, frames on WebSockets, envelopes on Redis
 * and HTTP bodies all use it. Times are ISO-8601 UTC strings; null fields are omitted; unknown
 * fields are ignored so that producers can add fields without breaking older consumers.
 *
 * <p>Reading is strict where it matters for hostile input: a document must be exactly one JSON
 * value (trailing data such as {@code {"type":"ping"} xyz} fails), and every string decoded into a
 * Java type must be well-formed Unicode ({@link WellFormedStrings}); {@link #readTree(String)}
 * checks the same over the whole tree. Writing refuses unpaired surrogates too, so nothing
 * malformed can be put on a topic by Parley itself.
 */
public final class Json {
    /**
     * Jackson's default buffer pool is per thread: every virtual thread that once read or wrote
     * JSON (one per WebSocket at the edge) kept about 8 KB of char buffers for as long as it
     * lived, a quarter of an idle connection's heap. One pool shared by all threads instead.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(WellFormedStrings.module())
            .addModule(IsoInstants.module()) // after JavaTimeModule: the later module's (de)serializers win
            .build();

    private Json() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** @throws IllegalArgumentException when the text is not JSON of that type */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not JSON of that type */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses one JSON document into a tree and checks that every field name and string value in it
     * is well-formed Unicode.
     *
     * @throws IllegalArgumentException when the text is not exactly one JSON value, or holds a
     *                                  malformed string ({@link Unicode.MalformedTextException})
     */
    public static JsonNode readTree(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("not valid JSON: no content");
        }
        requireWellFormed(node);
        return node;
    }

    private static void requireWellFormed(JsonNode node) {
        if (node.isTextual()) {
            Unicode.requireWellFormed(node.textValue(), "a string");
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                Unicode.requireWellFormed(field.getKey(), "a field name");
                requireWellFormed(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                requireWellFormed(element);
            }
        }
    }
}
