package dev.parley.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.frame.MessageFrame;
import dev.parley.common.frame.TypingFrame;
import dev.parley.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One publish on a node channel: an envelope, or an array of them split with each element's own bytes. */
class NodeWireTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final NodeEnvelope TYPING = NodeEnvelope.toUsers(List.of("alice"), new TypingFrame("k", "bob"));
    private static final NodeEnvelope MESSAGE = NodeEnvelope.toUsers(List.of("alice", "bob"),
            new MessageFrame("k", 7, "m7", "alice", "cm7", "hé ☃ \"q\" [x] {y}", T0), "s-1").traced("00-ab-cd-01", 5L);

    @Test
    void oneEnvelopeGoesAsItWentBeforeArraysAndSeveralAsAnArray() {
        assertThat(NodeWire.write(List.of(TYPING))).isEqualTo(Json.write(TYPING));
        assertThat(NodeWire.write(List.of(TYPING, MESSAGE))).isEqualTo("[" + Json.write(TYPING) + "," + Json.write(MESSAGE) + "]");
        assertThatThrownBy(() -> NodeWire.write(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anArrayIsSplitIntoEachEnvelopesBytesInOrder() {
        byte[] wire = NodeWire.write(List.of(MESSAGE, TYPING, MESSAGE)).getBytes(StandardCharsets.UTF_8);

        List<byte[]> parts = NodeWire.split(wire);

        assertThat(parts).hasSize(3);
        assertThat(new String(parts.get(0), StandardCharsets.UTF_8)).isEqualTo(Json.write(MESSAGE));
        assertThat(new String(parts.get(1), StandardCharsets.UTF_8)).isEqualTo(Json.write(TYPING));
        assertThat(NodeWire.read(wire)).containsExactly(MESSAGE, TYPING, MESSAGE);
    }

    @Test
    void anythingButAnArrayIsOneEnvelopeForTheCallerToDecode() {
        byte[] one = Json.writeBytes(TYPING);
        assertThat(NodeWire.split(one)).containsExactly(one);
        byte[] junk = "not json".getBytes(StandardCharsets.UTF_8);
        assertThat(NodeWire.split(junk)).containsExactly(junk);
        assertThat(NodeWire.split(new byte[0])).hasSize(1);
    }

    @Test
    void eachElementIsCutAtItsOwnEndWhateverItIs() {
        String wire = " [ {\"a\":[1,{\"b\":\"]}\"}]} , 12.5e3,\"s\\\"]\" ,null,true, [ [] ] ] ";

        assertThat(NodeWire.split(wire.getBytes(StandardCharsets.UTF_8)))
                .extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("{\"a\":[1,{\"b\":\"]}\"}]}", "12.5e3", "\"s\\\"]\"", "null", "true", "[ [] ]");
    }

    @Test
    void aMalformedArrayIsRefusedWhole() {
        for (String bad : List.of("[", "[]", " [ ] ", "[{}", "[{}] x", "[{},]", "[{\"a\":}]", "[{}][{}]", "[\"\\x\"]")) {
            assertThatThrownBy(() -> NodeWire.split(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** Mutated publishes: splitting refuses with IllegalArgumentException or yields slices that are the input's own bytes. */
    @Test
    void fuzzedPublishesSplitOrAreRefusedNeverAnythingElse() {
        byte[] valid = NodeWire.write(List.of(MESSAGE, TYPING, MESSAGE)).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(11);
        int split = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] input = valid.clone();
            for (int m = random.nextInt(4); m >= 0; m--) {
                String syntax = "[]{},:\"\\ 0a";
                input[random.nextInt(input.length)] = (byte) (random.nextBoolean()
                        ? syntax.charAt(random.nextInt(syntax.length())) : random.nextInt(256));
            }
            if (random.nextInt(8) == 0) {
                input = java.util.Arrays.copyOf(input, random.nextInt(input.length));
            }
            List<byte[]> parts;
            try {
                parts = NodeWire.split(input);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            String whole = new String(input, StandardCharsets.ISO_8859_1);
            assertThat(parts).isNotEmpty().allSatisfy(p -> assertThat(whole).contains(new String(p, StandardCharsets.ISO_8859_1)));
            split++;
        }
        assertThat(split).as("mutations that still split").isGreaterThan(2_000);
    }
}
