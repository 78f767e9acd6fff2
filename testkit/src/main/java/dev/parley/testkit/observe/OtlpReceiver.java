package dev.parley.testkit.observe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An in-process OTLP/HTTP trace receiver ({@code POST /v1/traces}, protobuf): what a collector
 * would get from the services, kept for a test to read. It decodes only what tests check
 * (service name, span name, ids) with a small protobuf reader, so no protobuf library is needed.
 */
public final class OtlpReceiver implements AutoCloseable {
    /** One received span; ids in lower-case hex, {@code parentSpanId} empty for a root. */
    public record ReceivedSpan(String service, String name, String traceId, String spanId, String parentSpanId) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    public static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/v1/traces", exchange -> {
            try (exchange) {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                receiver.decodeRequest(in.readAllBytes());
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            }
        });
        server.start();
        return receiver;
    }

    /** What to set {@code observe.otlp-endpoint} to. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** The spans of one trace. */
    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private void decodeRequest(byte[] body) {
        for (Proto resourceSpans : new Proto(body).messages(1)) {
            String service = "";
            for (Proto resource : resourceSpans.messages(1)) {
                for (Proto attribute : resource.messages(1)) {
                    if (attribute.string(1).equals("service.name")) {
                        service = attribute.messages(2).stream().map(v -> v.string(1)).findFirst().orElse("");
                    }
                }
            }
            for (Proto scopeSpans : resourceSpans.messages(2)) {
                for (Proto span : scopeSpans.messages(2)) {
                    spans.add(new ReceivedSpan(service, span.string(5), span.hex(1), span.hex(2), span.hex(4)));
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The protobuf wire format, read just far enough: length-delimited fields by number. */
    private record Proto(byte[] bytes) {
        List<Proto> messages(int field) {
            List<Proto> out = new ArrayList<>();
            for (byte[] b : fields(field)) {
                out.add(new Proto(b));
            }
            return out;
        }

        String string(int field) {
            List<byte[]> f = fields(field);
            return f.isEmpty() ? "" : new String(f.get(0), java.nio.charset.StandardCharsets.UTF_8);
        }

        String hex(int field) {
            List<byte[]> f = fields(field);
            return f.isEmpty() ? "" : HexFormat.of().formatHex(f.get(0));
        }

        private List<byte[]> fields(int wanted) {
            List<byte[]> out = new ArrayList<>();
            int[] pos = {0};
            while (pos[0] < bytes.length) {
                long key = varint(pos);
                int field = (int) (key >>> 3);
                int type = (int) (key & 7);
                switch (type) {
                    case 0 -> varint(pos);
                    case 1 -> pos[0] += 8;
                    case 5 -> pos[0] += 4;
                    case 2 -> {
                        int len = (int) varint(pos);
                        if (field == wanted) {
                            out.add(java.util.Arrays.copyOfRange(bytes, pos[0], pos[0] + len));
                        }
                        pos[0] += len;
                    }
                    default -> throw new IllegalArgumentException("wire type " + type);
                }
            }
            return out;
        }

        private long varint(int[] pos) {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[pos[0]++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
        }
    }
}
