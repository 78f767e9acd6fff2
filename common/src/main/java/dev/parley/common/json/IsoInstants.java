package dev.parley.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/**
 * Instants as the text {@link DateTimeFormatter#ISO_INSTANT} writes and reads, without it for the
 * one shape Parley writes ({@code 2026-12-07T07:20:36.123Z}). Every event, frame and envelope
 * carries one; {@code java.time}'s formatter allocated and parsed its way through about a twentieth of
 * each service's CPU at 800 msgs/s (docs/performance.md, "Where Parley's CPU at 800 msgs/s goes"). The text is
 * unchanged byte for byte, and anything outside that shape (another year range, an offset, lower
 * case, a number, a leap second) goes to Jackson's own deserializer, so what is accepted and refused
 * is exactly what it was.
 */
final class IsoInstants {
    private IsoInstants() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("parley-iso-instants");
        module.addSerializer(Instant.class, new Writer());
        module.addDeserializer(Instant.class, new Reader(InstantDeserializer.INSTANT));
        return module;
    }

    /** The ISO-8601 text of {@code t}: the same characters {@code ISO_INSTANT.format(t)} gives. */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        long days = Math.floorDiv(seconds, 86_400);
        if (days < MIN_DAY || days > MAX_DAY) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int nanos = t.getNano();
        char[] c = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1_000 == 0 ? 27 : 30];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            c[19] = '.';
            int width = c.length - 21;
            digits(c, 20, nanos / POW10[9 - width], width);
        }
        c[c.length - 1] = 'Z';
        return new String(c);
    }

    /**
     * The instant of {@code s} when it has exactly the shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}
     * with a valid date and time; null otherwise (the caller then asks the standard parser).
     */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-'
                || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int width = n - 21;
            if (s.charAt(19) != '.' || width < 1) {
                return null;
            }
            int fraction = number(s, 20, width);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * POW10[9 - width];
        }
        LocalDate first = LocalDate.of(year, month, 1);
        if (day > first.lengthOfMonth()) {
            return null;
        }
        long epochDay = first.toEpochDay() + day - 1;
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    // 0000-01-01 and 9999-12-31: ISO_INSTANT writes four digits and no sign in this range only
    private static final long MIN_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The decimal value of {@code width} ASCII digits at {@code at}, or -1 when one is not a digit. */
    private static int number(String s, int at, int width) {
        int v = 0;
        for (int i = at; i < at + width; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static final class Writer extends StdScalarSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }

    private static final class Reader extends StdScalarDeserializer<Instant> {
        private final JsonDeserializer<Instant> standard;

        Reader(JsonDeserializer<Instant> standard) {
            super(Instant.class);
            this.standard = standard;
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = parse(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return standard.deserialize(p, ctxt);
        }
    }
}
