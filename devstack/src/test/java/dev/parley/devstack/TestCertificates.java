package dev.parley.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and a server certificate for 127.0.0.1 / localhost signed by it, made with the JDK's
 * {@code keytool} when a test starts: the servers get {@link #keystore()} (PKCS12, key and chain),
 * the clients {@link #caPem()}, as they would a managed service's CA.
 */
record TestCertificates(Path keystore, String password, Path caPem) {

    static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String pw = "it-keystore-pw";
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        Path caPem = dir.resolve("ca.pem");
        Path csr = dir.resolve("server.csr");
        Path crt = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=parley-it-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", pw);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", pw);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", pw, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", pw, "-infile", csr.toString(),
                "-outfile", crt.toString(), "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", server.toString(), "-storepass", pw,
                "-file", caPem.toString());
        keytool("-importcert", "-alias", "server", "-keystore", server.toString(), "-storepass", pw,
                "-file", crt.toString());
        return new TestCertificates(server, pw, caPem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
