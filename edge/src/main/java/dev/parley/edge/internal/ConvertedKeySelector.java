package dev.parley.edge.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nimbus's {@code JWSVerificationKeySelector} for one algorithm, except that each JWK is turned into
 * a Java public key once and not on every token: the conversion validates the point on the curve
 * through a {@code KeyFactory}, and when a thousand clients connected at once selecting and converting
 * the key was a tenth of the edge's samples in token checks (JFR of the pairs profile's connect storm). The key set itself
 * still comes from the source on every call, so rotation and its refetch work as before.
 */
final class ConvertedKeySelector implements JWSKeySelector<SecurityContext> {
    /** A key set holds a few keys; more than this many distinct ones means rotations piled up. */
    static final int MAX_KEYS = 32;

    private final JWSAlgorithm algorithm;
    private final JWKSource<SecurityContext> source;
    private final Map<JWK, List<Key>> converted = new ConcurrentHashMap<>();

    ConvertedKeySelector(JWSAlgorithm algorithm, JWKSource<SecurityContext> source) {
        this.algorithm = algorithm;
        this.source = source;
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!algorithm.equals(header.getAlgorithm())) {
            return List.of(); // the processor refuses the token: no key for this algorithm
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : source.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context)) {
            keys.addAll(converted.computeIfAbsent(jwk, ConvertedKeySelector::publicKeys));
        }
        if (converted.size() > MAX_KEYS) {
            converted.clear();
        }
        return keys;
    }

    private static List<Key> publicKeys(JWK jwk) {
        return KeyConverter.toJavaKeys(List.of(jwk)).stream().filter(k -> k instanceof PublicKey).toList();
    }

    int convertedCount() {
        return converted.size();
    }
}
