package dev.parley.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web client served at {@code /}: the files, their types and the headers that keep the page safe. */
class StaticWebTest {
    private final EdgeHarness edge = new EdgeHarness(Map.of("edge.jwks-url", "https://auth.example.com:8443/.well-known/jwks.json"));

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void servesThePageItsModulesAndStylesWithTheirTypes() throws Exception {
        HttpResponse<String> page = edge.get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/src/ui/app.js\">");
        assertThat(edge.get("/index.html", null).body()).isEqualTo(page.body());

        HttpResponse<String> js = edge.get("/src/protocol/client.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("export class ParleyClient");
        assertThat(edge.get("/styles.css", null).headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void everyAnswerCarriesAStrictPolicyThatAllowsOnlyThisOriginWebSocketsAndAuth() throws Exception {
        HttpResponse<String> page = edge.get("/", null);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'",
                "connect-src 'self' ws: wss: https://auth.example.com:8443;");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void configTellsThePageWhereAuthIs() throws Exception {
        HttpResponse<String> config = edge.get("/config.json", null);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(config.body()).isEqualTo("{\"authUrl\":\"https://auth.example.com:8443\"}");
    }

    @Test
    void anAuthUrlOfItsOwnReplacesTheOriginOfTheJwksUrl() throws Exception {
        try (EdgeHarness proxied = new EdgeHarness(Map.of("edge.jwks-url", "http://auth:8081/.well-known/jwks.json",
                "edge.web.auth-url", "https://chat.example.com/auth/"))) {
            assertThat(proxied.get("/config.json", null).body())
                    .isEqualTo("{\"authUrl\":\"https://chat.example.com/auth\"}");
            assertThat(proxied.get("/", null).headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("connect-src 'self' ws: wss: https://chat.example.com;").doesNotContain("auth:8081");
        }
    }

    @Test
    void anUnchangedFileIsRevalidatedWithItsETag() throws Exception {
        HttpResponse<String> first = edge.get("/src/ui/app.js", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = edge.http.send(HttpRequest.newBuilder(edge.http("/src/ui/app.js"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void onlyTheClientsFilesAreServedNothingElseOfTheClasspath() throws Exception {
        for (String path : new String[] {"/src/../logging.properties", "/src/ui/../../package.json", "/src/x/y/z.js",
                "/src/ui/app.mjs", "/src/ui/missing.js", "/src/%2e%2e/web/index.html", "/package.json",
                "/src/META-INF/x.js"}) {
            HttpResponse<String> res = edge.get(path, null);
            assertThat(res.statusCode()).as(path).isIn(400, 404);
            assertThat(res.body()).as(path).doesNotContain("handlers=", "export ");
        }
    }

    @Test
    void theApiKeepsItsOwnAnswers() throws Exception {
        assertThat(edge.get("/v1/conversations", null).statusCode()).isEqualTo(401);
        assertThat(edge.get("/health", null).statusCode()).isEqualTo(200);
    }
}
