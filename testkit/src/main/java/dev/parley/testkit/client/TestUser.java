package dev.parley.testkit.client;

/** A registered, logged-in user as the tests hold it. */
public record TestUser(String userId, String username, String password, String accessToken, String refreshToken) {
}
