package dev.parley.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast instant codec against the one it replaces: Jackson's {@code JavaTimeModule} with the
 * settings {@link Json} had before. Same text out for every instant, same value or the same
 * refusal for every text in, whether the text has the fast shape or not.
 */
class IsoInstantsTest {
    private static final ObjectMapper STANDARD = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();
    private static final long MIN = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    @Test
    void writesWhatIsoInstantWritesForEveryPrecision() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(MIN - 86_400L * 800, MAX + 86_400L * 800), nanos(r));
            assertThat(IsoInstants.format(t)).as("%s", t).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
            assertThat(Json.write(t)).isEqualTo("\"" + DateTimeFormatter.ISO_INSTANT.format(t) + "\"");
        }
        for (Instant t : List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 999_000_000), Instant.ofEpochSecond(MIN),
                Instant.ofEpochSecond(MAX, 999_999_999), Instant.ofEpochSecond(MIN - 1), Instant.ofEpochSecond(MAX + 1),
                Instant.MIN, Instant.MAX, Instant.parse("2024-02-29T23:59:59.000001Z"))) {
            assertThat(IsoInstants.format(t)).as("%s", t).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(t));
        }
    }

    @Test
    void readsEveryTextAsTheStandardDeserializerDoes() {
        SplittableRandom r = new SplittableRandom(12);
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(MIN, MAX + 1), nanos(r));
            String text = DateTimeFormatter.ISO_INSTANT.format(t);
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(t);
            sameAsStandard("\"" + mutate(r, text) + "\"");
        }
        for (String text : List.of("2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-31T00:00:00Z",
                "2026-12-07T24:00:00Z", "2026-12-07T23:59:60Z", "2026-12-07t07:20:36z", "2026-12-07T07:20:36.Z",
                "2026-12-07T07:20:36.1234567890Z", "2026-12-07T07:20:36+01:00", "+2026-12-07T07:20:36Z",
                "2026-13-07T07:20:36Z", "2026-00-07T07:20:36Z", "2026-12-00T07:20:36Z", "-0001-12-07T07:20:36Z",
                "12345-12-07T07:20:36Z", "", "Z", "١٢٣٤-12-07T07:20:36Z", "2026-12-07T07:20:36.12\u0663Z")) {
            sameAsStandard("\"" + text + "\"");
        }
        for (String json : List.of("0", "1765091236", "1765091236.123", "-1.5", "null", "[]", "{}", "true")) {
            sameAsStandard(json);
        }
    }

    private static void sameAsStandard(String json) {
        Object standard;
        try {
            standard = STANDARD.readValue(json, Instant.class);
        } catch (Exception e) {
            standard = "refused";
        }
        Object ours;
        try {
            ours = Json.read(json, Instant.class);
        } catch (IllegalArgumentException e) {
            ours = "refused";
        }
        assertThat(ours).as(json).isEqualTo(standard);
    }

    private static int nanos(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(1000) * 1_000_000;
            case 2 -> r.nextInt(1_000_000) * 1000;
            default -> r.nextInt(1_000_000_000);
        };
    }

    private static final String EDITS = "0123456789-:.TZtz+ \u0663";

    /** One or two edits of the text: a character replaced, dropped or doubled, or nothing. */
    private static String mutate(SplittableRandom r, String s) {
        StringBuilder b = new StringBuilder(s);
        for (int edits = r.nextInt(3); edits > 0 && b.length() > 0; edits--) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.setCharAt(at, EDITS.charAt(r.nextInt(EDITS.length())));
                case 1 -> b.deleteCharAt(at);
                default -> b.insert(at, b.charAt(at));
            }
        }
        return b.toString();
    }
}
