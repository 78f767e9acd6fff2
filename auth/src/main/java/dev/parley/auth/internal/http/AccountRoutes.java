package dev.parley.auth.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.User;
import dev.parley.auth.internal.AccountService;
import dev.parley.auth.internal.AuthMeters;
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
    private final AuthMeters meters;

    public AccountRoutes(AccountService accounts, String jwksJson, ClientAddresses addresses, AuthMeters meters) {
        this.accounts = accounts;
        this.jwks = jwksJson.getBytes(StandardCharsets.UTF_8);
        this.addresses = addresses;
        this.meters = meters;
    }

    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/auth/register", this::registerUser)
                .post("/v1/auth/login", this::login)
                .post("/v1/auth/refresh", this::refresh)
                .post("/v1/auth/logout", this::logout)
                .get("/.well-known/jwks.json", this::jwks);
    }

    private void registerUser(ServerRequest req, ServerResponse res) {
        String[] f = fields(req, () -> meters.registration(AuthMeters.Registration.INVALID_REQUEST),
                "username", "password");
        User user = accounts.register(f[0], f[1], addresses.of(req));
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("userId", user.id()).put("username", user.username());
        HttpSupport.sendJson(res, 201, out);
    }

    private void login(ServerRequest req, ServerResponse res) {
        String[] f = fields(req, () -> meters.login(AuthMeters.Login.INVALID_REQUEST), "username", "password");
        HttpSupport.sendJson(res, 200, session(accounts.login(f[0], f[1], addresses.of(req))));
    }

    private void refresh(ServerRequest req, ServerResponse res) {
        String[] f = fields(req, () -> meters.refresh(AuthMeters.Refresh.INVALID_REQUEST), "refreshToken");
        HttpSupport.sendJson(res, 200, session(accounts.refresh(f[0])));
    }

    /**
     * The required string fields of the body, in order. A body refused here never reaches
     * {@link AccountService}, which counts every other outcome, so it is counted by {@code refused}.
     */
    private static String[] fields(ServerRequest req, Runnable refused, String... names) {
        try {
            JsonNode body = HttpSupport.readObject(req);
            String[] values = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                values[i] = HttpSupport.string(body, names[i]);
            }
            return values;
        } catch (RuntimeException e) {
            refused.run();
            throw e;
        }
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
