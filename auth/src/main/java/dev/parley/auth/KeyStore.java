package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The ES256 signing keys (EC P-256 JWKs with their private part), one file
 * {@code <kid>.jwk.json} each in a directory (mode 700, files 600). Every key in the directory
 * verifies tokens and is published in the JWKS; the key whose file name sorts last signs.
 * Generated key ids start with the UTC creation time ({@code 20250102T030405Z-1a2b3c4d}), so the
 * newest key signs. Rotation: add a key (e.g. {@code Main new-key}), restart every auth instance,
 * and remove the old file once every token it signed has expired.
 *
 * <p>Or the keys come as one JWK set, the value of {@code auth.signing-keys} (a secret injected into
 * the environment; several tasks without a shared disk then sign with the same key): read by
 * {@link #fromJwkSet}, never written to disk; {@link #addKey} rotates it.
 */
public final class KeyStore {
    private static final String SUFFIX = ".jwk.json";
    private static final DateTimeFormatter KID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final List<ECKey> keys;

    private KeyStore(List<ECKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no signing key");
        }
        this.keys = List.copyOf(keys);
    }

    /** A store of the given keys, oldest first; the last one signs (tests). */
    public static KeyStore of(List<ECKey> keys) {
        return new KeyStore(keys);
    }

    /**
     * Loads every key of {@code dir}, creating the directory and a first key when it holds none.
     *
     * @throws IOException when the directory or a key file cannot be read or written, or a file is
     *                     not an EC P-256 private JWK
     */
    public static KeyStore loadOrCreate(Path dir, Clock clock) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            restrict(dir, PosixFilePermissions.fromString("rwx------"));
        }
        List<ECKey> keys = load(dir);
        if (keys.isEmpty()) {
            writeNewKey(dir, clock);
            keys = load(dir);
        }
        return new KeyStore(keys);
    }

    /**
     * Writes a new key file to {@code dir} (mode 600) and returns its key id. The new key's file
     * name sorts after every existing one, so it is the key that signs: a key made within the same
     * second as the newest one gets that key's random suffix plus one.
     *
     * @throws IOException also when an existing key id sorts after the current time (a clock set
     *                     back, or a hand-named key file)
     */
    public static String writeNewKey(Path dir, Clock clock) throws IOException {
        String last;
        try (Stream<Path> s = Files.list(dir)) {
            last = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).max(String::compareTo).orElse("");
        }
        ECKey key = generate(nextKid(last, clock));
        Path file = dir.resolve(key.getKeyID() + SUFFIX);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("key file already exists: " + file, e);
        }
        Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
        return key.getKeyID();
    }

    /** A new P-256 signing key whose id starts with the current UTC time. */
    public static ECKey generate(Clock clock) {
        return generate(newKid(clock));
    }

    /**
     * The keys of a JWK set given as text (the {@code auth.signing-keys} secret): every key an EC
     * P-256 private JWK with a kid, no kid twice, at least one. The kid that sorts last signs, as
     * in a directory. Nothing of the text is quoted in an error, since it holds private keys.
     *
     * @throws IllegalArgumentException when it is not such a set
     */
    public static KeyStore fromJwkSet(String json) {
        List<ECKey> keys = parseSet(json);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the JWK set holds no key");
        }
        return new KeyStore(keys);
    }

    /**
     * {@code set} (a JWK set as {@link #fromJwkSet} reads, or blank for none) with one new key whose
     * kid sorts after every other, so it signs: the JSON a secret is rotated with
     * ({@code parley-auth.jar jwks-add-key}).
     *
     * @throws IllegalArgumentException when {@code set} is not such a set
     * @throws IOException              when the newest kid sorts after a key made now (the clock went back)
     */
    public static String addKey(String set, Clock clock) throws IOException {
        List<ECKey> keys = new ArrayList<>(set.isBlank() ? List.of() : parseSet(set));
        keys.add(generate(nextKid(keys.isEmpty() ? "" : keys.getLast().getKeyID(), clock)));
        return new JWKSet(keys.stream().map(k -> (JWK) k).toList()).toString(false);
    }

    /** The keys of a set sorted by kid; empty when it has none. */
    private static List<ECKey> parseSet(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json.strip());
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set (JSON {\"keys\": [...]})");
        }
        List<ECKey> keys = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()
                    || ec.getKeyID() == null || ec.getKeyID().isEmpty()) {
                throw new IllegalArgumentException("key " + (keys.size() + 1) + " of the JWK set is not an EC P-256"
                        + " private JWK with a kid");
            }
            keys.add(ec);
        }
        keys.sort(java.util.Comparator.comparing(ECKey::getKeyID));
        for (int i = 1; i < keys.size(); i++) {
            if (keys.get(i).getKeyID().equals(keys.get(i - 1).getKeyID())) {
                throw new IllegalArgumentException("kid " + keys.get(i).getKeyID() + " is twice in the JWK set");
            }
        }
        return keys;
    }

    /** A new key id that sorts after {@code last} (empty: none yet). */
    private static String nextKid(String last, Clock clock) throws IOException {
        String kid = newKid(clock);
        return kid.compareTo(last) <= 0 ? successor(last, kid) : kid;
    }

    private static String newKid(Clock clock) {
        return KID_TIME.format(clock.instant()) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** The id after {@code last} when both were made in the same second; else the clock went back. */
    private static String successor(String last, String kid) throws IOException {
        int dash = kid.indexOf('-');
        String time = kid.substring(0, dash + 1);
        if (last.length() == kid.length() && last.startsWith(time)) {
            try {
                long next = Long.parseLong(last.substring(dash + 1), 16) + 1;
                if (next <= 0xffffffffL) {
                    return time + HexFormat.of().toHexDigits((int) next);
                }
            } catch (NumberFormatException e) {
                // not a generated id: fall through
            }
        }
        throw new IOException("the newest key " + last + " sorts after a key made now (" + kid
                + "); is the clock right?");
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        }
    }

    private static List<ECKey> load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        List<ECKey> keys = new ArrayList<>();
        for (Path file : files) {
            keys.add(parse(file));
        }
        return keys;
    }

    private static ECKey parse(Path file) throws IOException {
        try {
            JWK jwk = JWK.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!(jwk instanceof ECKey ec) || !Curve.P_256.equals(ec.getCurve()) || !ec.isPrivate()
                    || ec.getKeyID() == null) {
                throw new IOException(file + " is not an EC P-256 private JWK with a kid");
            }
            return ec;
        } catch (ParseException e) {
            throw new IOException(file + " is not a JWK: " + e.getMessage(), e);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(path, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }

    /** The key that signs new tokens. */
    public ECKey signingKey() {
        return keys.getLast();
    }

    /** Every key, oldest first, with private parts. */
    public List<ECKey> keys() {
        return keys;
    }

    /** The public halves of every key, as served at {@code /.well-known/jwks.json}. */
    public JWKSet publicJwks() {
        return new JWKSet(keys.stream().map(k -> (JWK) k.toPublicJWK()).toList());
    }
}
