package dev.parley.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A raw TCP conversation with a server: exactly the bytes a hostile client would send (no client
 * library fixes anything up), and what came back, HTTP responses and WebSocket frames parsed by
 * hand. Reads time out after 20 s so a test never hangs.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawConnection send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One HTTP response: status line, headers, and a Content-Length body. */
    public Response response() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            return null;
        }
        StringBuilder headers = new StringBuilder();
        int length = 0;
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            headers.append(h).append('\n');
            if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Response(statusLine, Integer.parseInt(statusLine.split(" ")[1]), headers.toString(),
                new String(body, StandardCharsets.UTF_8));
    }

    public record Response(String statusLine, int status, String headers, String body) {
        public String header(String name) {
            for (String h : headers.split("\n")) {
                if (h.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return h.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    /** True once the server has closed the connection (end of stream or reset). */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Everything the server sends until it closes, or until the read timeout. */
    public byte[] rest() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketException | SocketTimeoutException e) {
            // closed by reset or nothing more: what came so far is the answer
        }
        return all.toByteArray();
    }

    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** A masked client frame (RFC 6455 5.2), with any opcode, flags and payload. */
    public static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(firstByte);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xFF);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i % 4]);
        }
        return f.toByteArray();
    }

    /** One server frame: opcode and payload (servers never mask). */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public int closeCode() {
            return payload.length < 2 ? -1 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    public Frame frame() throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            return null;
        }
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (in.read() << 8) | in.read();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | in.read();
            }
        }
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, in.readNBytes((int) length));
    }

    private String line() throws IOException {
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c == '\n') {
                String s = l.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            l.write(c);
        }
        return l.size() == 0 ? null : l.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
