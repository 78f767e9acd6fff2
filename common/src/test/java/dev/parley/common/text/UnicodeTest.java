package dev.parley.common.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnicodeTest {
    @Test
    void findsEveryKindOfUnpairedSurrogate() {
        assertThat(Unicode.firstMalformed("x\ud800y")).isEqualTo(1);
        assertThat(Unicode.firstMalformed("\udc00")).isZero();
        assertThat(Unicode.firstMalformed("ab\ud800")).isEqualTo(2);
        assertThat(Unicode.firstMalformed("\ude00\ud83d")).isZero();
        assertThat(Unicode.firstMalformed("\ud83d\ude00\ud83d")).isEqualTo(2);
    }

    @Test
    void acceptsWellFormedText() {
        assertThat(Unicode.isWellFormed(null)).isTrue();
        assertThat(Unicode.isWellFormed("")).isTrue();
        assertThat(Unicode.isWellFormed("\ud83d\ude00 \u0000 \u202e \ufffd \uffff")).isTrue();
    }

    @Test
    void requireNamesTheValue() {
        assertThatThrownBy(() -> Unicode.requireWellFormed("a\ud800", "body"))
                .isInstanceOf(Unicode.MalformedTextException.class).hasMessageContaining("body");
        assertThat(Unicode.requireWellFormed("ok", "body")).isEqualTo("ok");
    }
}
