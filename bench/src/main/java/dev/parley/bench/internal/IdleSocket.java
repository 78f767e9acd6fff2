package dev.parley.bench.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An idle WebSocket client over a plain {@link Socket}, so it can bind a chosen 127.0.0.x source
 * address (java.net.http cannot): one address has about 28,000 ephemeral ports towards one edge
 * port. It upgrades with a bearer token (RFC 6455, masked client frames), waits for the
 * {@code ready} frame, then only reads and discards what the edge sends, and pings when asked.
 */
final class IdleSocket implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private IdleSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    /** Connects from {@code source}, upgrades, and returns once the first text frame ({@code ready}) came. */
    static IdleSocket open(InetAddress source, URI ws, String token, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            IdleSocket c = new IdleSocket(s);
            c.upgrade(ws, token);
            String first = c.readText();
            if (first == null || !first.contains("\"ready\"")) {
                throw new IOException("no ready frame: " + first);
            }
            s.setSoTimeout(0);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void upgrade(URI ws, String token) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + ws.getRawPath() + " HTTP/1.1\r\nHost: " + ws.getHost() + ":" + ws.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce) + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                String status = head.toString(StandardCharsets.US_ASCII).lines().findFirst().orElse("");
                if (!status.contains(" 101 ")) {
                    throw new IOException("upgrade refused: " + status);
                }
                return;
            }
        }
        throw new IOException("connection closed during the upgrade");
    }

    /** The next text frame's payload, skipping control frames; null when the connection closed. */
    String readText() throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return null;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] payload = in.readNBytes((int) len);
            int opcode = b0 & 0x0f;
            if (opcode == 8) {
                return null;
            }
            if (opcode == 1) {
                return new String(payload, StandardCharsets.UTF_8);
            }
        }
    }

    /** Reads and discards frames until the connection closes (run on a virtual thread). */
    void drain() {
        try {
            while (readText() != null) {
                // discard
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Sends the contract's {@code ping} frame (a masked text frame). */
    synchronized void ping() throws IOException {
        byte[] payload = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
