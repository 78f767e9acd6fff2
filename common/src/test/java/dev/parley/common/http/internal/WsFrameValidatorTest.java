package dev.parley.common.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The validator reads data frames' payloads in runs and everything else byte by byte, so the
 * verdict must not depend on where the socket split the bytes. Random streams of masked frames
 * (text split into fragments anywhere, multi-byte characters included; binary; pings), some with one
 * byte of a text payload broken, are fed whole and one byte at a time.
 */
class WsFrameValidatorTest {
    private static final String[] TEXT = {"hello", "héllo wörld", "日本語のテキスト", "emoji 😀🎉 mixed", "", "a"};

    @Test
    void wellFormedTextBinaryAndControlFramesPass() {
        byte[] stream = concat(List.of(
                frame(0x1, true, "héllo 😀".getBytes(StandardCharsets.UTF_8), 1),
                frame(0x9, true, new byte[] {1, 2, 3}, 2),
                frame(0x2, true, new byte[300], 3),
                frame(0x1, true, "x".repeat(70_000).getBytes(StandardCharsets.UTF_8), 4)));
        assertThat(new WsFrameValidator().accept(stream)).isEqualTo(-1);
    }

    @Test
    void aBrokenByteFailsTheFrameItIsInWith1007() {
        byte[] good = frame(0x1, true, "fine".getBytes(StandardCharsets.UTF_8), 5);
        byte[] bad = frame(0x1, true, new byte[] {'a', (byte) 0xFF, 'b'}, 6);
        WsFrameValidator v = new WsFrameValidator();
        assertThat(v.accept(concat(List.of(good, bad)))).isEqualTo(good.length);
        assertThat(v.failure().closeCode()).isEqualTo(WsFrameValidator.INVALID_PAYLOAD);
    }

    @Test
    void aCharacterSplitAcrossFragmentsAndChunksIsFine() {
        byte[] smile = "😀".getBytes(StandardCharsets.UTF_8);
        byte[] stream = concat(List.of(frame(0x1, false, new byte[] {smile[0], smile[1]}, 7),
                frame(0x0, true, new byte[] {smile[2], smile[3]}, 8)));
        WsFrameValidator v = new WsFrameValidator();
        for (byte b : stream) {
            assertThat(v.accept(new byte[] {b})).isEqualTo(-1);
        }
    }

    @Test
    void theVerdictDoesNotDependOnHowTheBytesAreSplit() {
        Random random = new Random(20261205);
        for (int run = 0; run < 300; run++) {
            List<byte[]> frames = new ArrayList<>();
            int broken = random.nextInt(3) == 0 ? random.nextInt(6) : -1;
            int brokenFrameStart = -1;
            int offset = 0;
            for (int f = 0; f < 6; f++) {
                Generated g = randomMessage(random, f == broken);
                if (g.brokenAt() >= 0) {
                    brokenFrameStart = offset + g.brokenAt();
                }
                frames.add(g.bytes());
                offset += g.bytes().length;
            }
            byte[] stream = concat(frames);

            WsFrameValidator whole = new WsFrameValidator();
            int verdict = whole.accept(stream);
            assertThat(verdict).as("run %d", run).isEqualTo(brokenFrameStart);

            WsFrameValidator bytewise = new WsFrameValidator();
            int failedAt = -1;
            for (int i = 0; i < stream.length && failedAt < 0; i++) {
                if (bytewise.accept(new byte[] {stream[i]}) >= 0) {
                    failedAt = i;
                }
            }
            assertThat(failedAt >= 0).as("run %d", run).isEqualTo(broken >= 0);

            WsFrameValidator chunked = new WsFrameValidator();
            boolean failed = false;
            for (int i = 0; i < stream.length && !failed; ) {
                int n = Math.min(stream.length - i, 1 + random.nextInt(40));
                byte[] chunk = new byte[n];
                System.arraycopy(stream, i, chunk, 0, n);
                failed = chunked.accept(chunk) >= 0;
                i += n;
            }
            assertThat(failed).as("run %d", run).isEqualTo(broken >= 0);
            if (broken >= 0) {
                assertThat(List.of(whole.failure().closeCode(), bytewise.failure().closeCode(),
                        chunked.failure().closeCode())).containsOnly(WsFrameValidator.INVALID_PAYLOAD);
            }
        }
    }

    /** Frames, and where the frame with the broken byte starts in them (-1: none). */
    private record Generated(byte[] bytes, int brokenAt) {
    }

    /** A whole text message (in fragments), a binary frame or a ping; {@code broken}: a text message with a 0xFF in it. */
    private static Generated randomMessage(Random random, boolean broken) {
        int kind = broken ? 0 : random.nextInt(3);
        if (kind == 1) {
            byte[] payload = new byte[random.nextInt(200)];
            random.nextBytes(payload);
            return new Generated(frame(0x2, true, payload, random.nextInt()), -1);
        }
        if (kind == 2) {
            byte[] payload = new byte[random.nextInt(126)];
            random.nextBytes(payload);
            return new Generated(frame(0x9, true, payload, random.nextInt()), -1);
        }
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            text.append(TEXT[random.nextInt(TEXT.length)]);
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        int badByte = -1;
        if (broken) {
            byte[] withBad = new byte[utf8.length + 1];
            int at = random.nextInt(withBad.length);
            System.arraycopy(utf8, 0, withBad, 0, at);
            withBad[at] = (byte) 0xFF;
            badByte = at;
            System.arraycopy(utf8, at, withBad, at + 1, utf8.length - at);
            utf8 = withBad;
        }
        // Split anywhere, also inside a character: only the message as a whole must be UTF-8.
        List<byte[]> fragments = new ArrayList<>();
        int start = 0;
        int written = 0;
        int brokenAt = -1;
        int pieces = 1 + random.nextInt(3);
        for (int p = 0; p < pieces; p++) {
            int end = p == pieces - 1 ? utf8.length : start + random.nextInt(utf8.length - start + 1);
            byte[] part = new byte[end - start];
            System.arraycopy(utf8, start, part, 0, part.length);
            byte[] fragment = frame(p == 0 ? 0x1 : 0x0, p == pieces - 1, part, random.nextInt());
            if (badByte >= start && badByte < end) {
                brokenAt = written;
            }
            fragments.add(fragment);
            written += fragment.length;
            start = end;
        }
        return new Generated(concat(fragments), brokenAt);
    }

    /** One client frame: masked, with the shortest length encoding. */
    static byte[] frame(int opcode, boolean fin, byte[] payload, int maskSeed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length <= 125) {
            out.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >> shift) & 0xFF);
            }
        }
        byte[] mask = {(byte) (maskSeed >> 24), (byte) (maskSeed >> 16), (byte) (maskSeed >> 8), (byte) maskSeed};
        out.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            out.write(payload[i] ^ mask[i & 3]);
        }
        return out.toByteArray();
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
