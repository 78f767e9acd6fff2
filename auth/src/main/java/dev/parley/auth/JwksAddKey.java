package dev.parley.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code java -jar parley-auth.jar jwks-add-key}: rotates the {@code auth.signing-keys} secret.
 * Reads a JWK set on standard input (empty: none yet) and writes it with one new key, the one that
 * signs from then on, to standard output, so that
 * {@code aws secretsmanager get-secret-value --query SecretString --output text ... | java -jar parley-auth.jar jwks-add-key | aws secretsmanager put-secret-value --secret-string file:///dev/stdin ...}
 * rotates without the keys touching a disk. Standard output carries only the set; a refusal goes to
 * standard error and exits 1 (and so breaks the pipe before anything is stored).
 */
final class JwksAddKey {
    static final String COMMAND = "jwks-add-key";
    /** A set of a few hundred keys; more is not a JWK set someone meant to pipe in. */
    private static final int MAX_INPUT = 1 << 20;

    private JwksAddKey() {
    }

    static int run(InputStream in, PrintStream out, PrintStream err, Clock clock) {
        try {
            byte[] input = in.readNBytes(MAX_INPUT + 1);
            if (input.length > MAX_INPUT) {
                err.println("jwks-add-key: the input is over 1 MiB: not a JWK set");
                return 1;
            }
            String set = KeyStore.addKey(new String(input, StandardCharsets.UTF_8), clock);
            out.println(set);
            out.flush();
            return out.checkError() ? 1 : 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("jwks-add-key: " + e.getMessage());
            return 1;
        }
    }
}
