package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConvertedKeySelectorTest {
    private static ECKey key(String kid) throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    private static JWSHeader es256(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build();
    }

    @Test
    void eachKeyIsConvertedOnceAndARotatedKeyIsFoundInTheNewSet() throws Exception {
        ECKey k1 = key("k1");
        ECKey k2 = key("k2");
        AtomicReference<JWKSet> set = new AtomicReference<>(new JWKSet(k1.toPublicJWK()));
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(set.get());
        ConvertedKeySelector selector = new ConvertedKeySelector(JWSAlgorithm.ES256, source);

        List<Key> first = selector.selectJWSKeys(es256("k1"), null);
        List<Key> again = selector.selectJWSKeys(es256("k1"), null);
        assertThat(first).hasSize(1).containsExactly(k1.toECPublicKey());
        assertThat(again.getFirst()).as("converted once, then reused").isSameAs(first.getFirst());
        assertThat(selector.selectJWSKeys(es256("k2"), null)).as("not in the set yet").isEmpty();

        set.set(new JWKSet(List.of(k1.toPublicJWK(), k2.toPublicJWK())));
        assertThat(selector.selectJWSKeys(es256("k2"), null)).containsExactly(k2.toECPublicKey());
        assertThat(selector.convertedCount()).isEqualTo(2);
    }

    @Test
    void anotherAlgorithmGetsNoKey() throws Exception {
        ECKey k1 = key("k1");
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(new JWKSet(k1.toPublicJWK()));
        ConvertedKeySelector selector = new ConvertedKeySelector(JWSAlgorithm.ES256, source);
        assertThat(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), null)).isEmpty();
        assertThat(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("k1").build(), null)).isEmpty();
    }

    @Test
    void keysOfManyRotationsAreNotHeldForever() throws Exception {
        AtomicReference<JWKSet> set = new AtomicReference<>();
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(set.get());
        ConvertedKeySelector selector = new ConvertedKeySelector(JWSAlgorithm.ES256, source);
        for (int i = 0; i <= ConvertedKeySelector.MAX_KEYS; i++) {
            ECKey k = key("k" + i);
            set.set(new JWKSet(k.toPublicJWK()));
            assertThat(selector.selectJWSKeys(es256("k" + i), null)).containsExactly(k.toECPublicKey());
        }
        assertThat(selector.convertedCount()).isLessThanOrEqualTo(ConvertedKeySelector.MAX_KEYS);
    }
}
