package dev.parley.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.common.event.SendCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonStrictnessTest {

    record Holder(String s, List<String> list, Map<String, String> map) {
    }

    @Test
    void unpairedSurrogatesAreRefusedWhereverAStringIsDecoded() {
        assertThatThrownBy(() -> Json.read("{\"s\":\"x\\ud800y\"}", Holder.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.read("{\"list\":[\"ok\",\"\\udc00\"]}", Holder.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.read("{\"map\":{\"\\ud800\":\"v\"}}", Holder.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.read("{\"map\":{\"k\":\"\\ud800\"}}", Holder.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void surrogatesEncodedAsUtf8BytesAreRefusedToo() {
        // CESU-style bytes ED A0 80 decode to a lone U+D800 in lenient decoders.
        byte[] raw = "{\"s\":\"x\u0000y\"}".getBytes(StandardCharsets.UTF_8);
        byte[] cesu = new byte[raw.length + 2];
        int at = new String(raw, StandardCharsets.UTF_8).indexOf('\u0000');
        System.arraycopy(raw, 0, cesu, 0, at);
        cesu[at] = (byte) 0xED;
        cesu[at + 1] = (byte) 0xA0;
        cesu[at + 2] = (byte) 0x80;
        System.arraycopy(raw, at + 1, cesu, at + 3, raw.length - at - 1);
        assertThatThrownBy(() -> Json.read(cesu, Holder.class)).isInstanceOf(IllegalArgumentException.class);
        byte[] invalid = {'{', '"', 's', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> Json.read(invalid, Holder.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairedSurrogatesAndOtherScriptsPass() {
        Holder h = Json.read("{\"s\":\"\\ud83d\\ude00 \u05e9\u05dc\u05d5\u05dd \u202e\",\"list\":[\"\uD83D\uDE00\"]}", Holder.class);
        assertThat(h.s()).isEqualTo("\uD83D\uDE00 \u05e9\u05dc\u05d5\u05dd \u202e");
        assertThat(Json.read(Json.write(h), Holder.class)).isEqualTo(h);
    }

    @Test
    void trailingDataAfterTheDocumentIsRefused() {
        assertThatThrownBy(() -> Json.read("{\"s\":\"a\"} xyz", Holder.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.read("{\"s\":\"a\"}{\"s\":\"b\"}", Holder.class))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readTree("{\"type\":\"ping\"} xyz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readTree("{\"type\":\"ping\"}{\"type\":\"ping\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readTree("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Json.readTree(" {\"type\":\"ping\"} \n").path("type").asText()).isEqualTo("ping");
    }

    @Test
    void treesAreCheckedEverywhere() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":[{\"b\":\"\\ud800\"}]}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.readTree("{\"\\udfff\":1}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingAMalformedStringFailsInsteadOfMangling() {
        assertThatThrownBy(() -> Json.write(new Holder("x\ud800y", null, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.writeBytes(new Holder(null, List.of("\udc00"), null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventsFromTheWireAreCheckedToo() {
        String bad = "{\"userId\":\"u\",\"messageId\":\"m\","
                + "\"clientMsgId\":\"id\\ud800\",\"conversationId\":\"c1\",\"body\":\"b\"}";
        assertThatThrownBy(() -> Json.read(bad, SendCommand.class)).isInstanceOf(IllegalArgumentException.class);
    }
}
