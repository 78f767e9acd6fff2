package dev.parley.auth.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.User;
import dev.parley.auth.internal.AccountService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** {@code /v1/auth/*} and {@code /.well-known/jwks.json}. */
public final class AccountRoutes {
    private final AccountService accounts;
    private final byte[] jwks;
    private final ClientAddresses addresses;

    public AccountRoutes(AccountService accounts, String jwksJson, ClientAddresses addresses) {
        this.accounts = accounts;
        this.jwks = jwksJson.getBytes(StandardCharsets.UTF_8);
        this.addresses = addresses;
    }

    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/auth/register", this::registerUser)
                .post("/v1/auth/login", this::login)
                .post("/v1/auth/refresh", this::refresh)
                .post("/v1/auth/logout", this::logout)
                .get("/.well-known/jwks.json", this::jwks);
    }

    private void registerUser(ServerRequest req, ServerResponse res) {
        JsonNode body = HttpSupport.readObject(req);
        User user = accounts.register(HttpSupport.string(body, "username"), HttpSupport.string(body, "password"),
                addresses.of(req));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("userId", user.id()).put("username", user.username());
        HttpSupport.sendJson(res, 201, out);
    }

    private void login(ServerRequest req, ServerResponse res) {
        JsonNode body = HttpSupport.readObject(req);
        String username = HttpSupport.string(body, "username");
        String password = HttpSupport.string(body, "password");
        HttpSupport.sendJson(res, 200, session(accounts.login(username, password, addresses.of(req))));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        JsonNode body = HttpSupport.readObject(req);
        HttpSupport.sendJson(res, 200, session(accounts.refresh(HttpSupport.string(body, "refreshToken"))));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        JsonNode body = HttpSupport.readObject(req);
        accounts.logout(HttpSupport.string(body, "refreshToken"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void jwks(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "max-age=300");
        res.send(jwks);
    }

    private static ObjectNode session(AccountService.Session s) {
        return JsonNodeFactory.instance.objectNode()
                .put("accessToken", s.access().token())
                .put("tokenType", "Bearer")
                .put("expiresIn", s.access().expiresIn())
                .put("refreshToken", s.refreshToken())
                .put("userId", s.userId());
    }
}
