package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2PasswordHasherTest {
    private final Argon2PasswordHasher hasher = new Argon2PasswordHasher(64, 1, 1, 2);

    @Test
    void hashIsSaltedPhcStringThatVerifies() {
        String a = hasher.hash("correct horse");
        String b = hasher.hash("correct horse");
        assertThat(a).startsWith("$argon2id$v=19$m=64,t=1,p=1$").doesNotContain("correct");
        assertThat(a).isNotEqualTo(b);
        assertThat(hasher.verify("correct horse", a)).isTrue();
        assertThat(hasher.verify("correct horsE", a)).isFalse();
        assertThat(hasher.verify("ünïcødé 😀 pass", hasher.hash("ünïcødé 😀 pass"))).isTrue();
    }

    @Test
    void hashesWithOtherParametersStillVerify() {
        String old = new Argon2PasswordHasher(128, 2, 2, 1).hash("password");
        assertThat(hasher.verify("password", old)).isTrue();
    }

    @Test
    void knownVectorMatchesTheReferenceImplementation() {
        // argon2id, m=64 KiB, t=1, p=1, salt "somesaltsomesalt" (base64 c29tZXNhbHRzb21lc2FsdA), password "password"
        // from the reference CLI: echo -n password | argon2 somesaltsomesalt -id -t 1 -k 64 -p 1 -l 32
        String encoded = "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM";
        assertThat(hasher.verify("password", encoded)).isTrue();
        assertThat(hasher.verify("Password", encoded)).isFalse();
    }

    @Test
    void malformedEncodingsDoNotVerify() {
        assertThat(hasher.verify("password", null)).isFalse();
        assertThat(hasher.verify("password", "")).isFalse();
        assertThat(hasher.verify("password", "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(hasher.verify("password", "$argon2id$v=19$m=1,t=1,p=1$c29tZXNhbHRzb21l$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
    }
}
