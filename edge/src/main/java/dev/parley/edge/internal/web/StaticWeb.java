package dev.parley.edge.internal.web;

import dev.parley.common.http.OriginPolicy;
import dev.parley.common.json.Json;
import dev.parley.edge.internal.ApiErrors;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the web client ({@code web/} of the repository, packed into the edge's jar under
 * {@code web/}) at {@code /}, and {@code /config.json}, which tells the page where auth is.
 *
 * <p>Only names of the client's shape are looked up ({@code index.html}, {@code styles.css},
 * {@code src/<dir>/<name>.js}), so no request path ever reaches the class loader unchecked. Every
 * answer carries a strict Content-Security-Policy: scripts, styles and images only from this
 * origin, no inline script, and connections only to this origin, WebSockets, and auth. Files are
 * revalidated on every load ({@code no-cache} with an ETag): the client has no build step and so no
 * hashed file names, and a stale module next to a fresh one would break the page.
 */
public final class StaticWeb {
    private static final Pattern ASSET = Pattern.compile("(index\\.html|styles\\.css|src/[a-z]+/[a-z0-9-]+\\.js)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");

    private final String csp;
    private final byte[] config;
    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    /**
     * @param authUrl where browsers reach auth ({@code edge.web.auth-url}): {@code /config.json}
     *     gives it as is (a path prefix kept, a trailing slash dropped), the CSP allows its origin
     */
    public StaticWeb(URI authUrl) {
        this.csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' ws: wss: " + OriginPolicy.origin(authUrl)
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        this.config = Json.writeBytes(Map.of("authUrl", authUrl.toString().replaceAll("/+$", "")));
    }

    public void register(HttpRouting.Builder routing) {
        routing.get("/", (req, res) -> serve(req, res, "index.html"))
                .get("/index.html", (req, res) -> serve(req, res, "index.html"))
                .get("/styles.css", (req, res) -> serve(req, res, "styles.css"))
                .get("/src/*", (req, res) -> serve(req, res, req.path().path().substring(1)))
                .get("/config.json", this::config);
    }

    private void config(ServerRequest req, ServerResponse res) {
        secure(res);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.send(config);
    }

    private void serve(ServerRequest req, ServerResponse res, String name) {
        Optional<Asset> asset = ASSET.matcher(name).matches() ? assets.computeIfAbsent(name, StaticWeb::load)
                : Optional.empty();
        if (asset.isEmpty()) {
            ApiErrors.error(res, 404, "not_found", "no such file");
            return;
        }
        Asset a = asset.get();
        secure(res);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.ETAG, a.etag());
        if (req.headers().value(HeaderNames.IF_NONE_MATCH).filter(a.etag()::equals).isPresent()) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type());
        res.send(a.bytes());
    }

    private void secure(ServerResponse res) {
        res.header("Content-Security-Policy", csp);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = StaticWeb.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new Asset(bytes, type, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Asset(byte[] bytes, String type, String etag) {
    }
}
