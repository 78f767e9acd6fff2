package dev.parley.common.redis;

/**
 * Names in Redis shared by the edge (which writes presence and subscribes) and the delivery
 * router (which reads presence and publishes).
 *
 * <ul>
 *   <li>{@link #presence(String)}: a hash per user, field = edge node id, value = the epoch
 *       milliseconds until which that node vouches for the user (refreshed by heartbeat); the key
 *       itself expires too, so a dead edge's users turn offline by themselves.</li>
 *   <li>{@link #nodeChannel(String)}: the sharded pub/sub channel ({@code SPUBLISH}/
 *       {@code SSUBSCRIBE}) of one edge node; messages are JSON {@code NodeEnvelope}s.</li>
 *   <li>{@link #sendBucket(String)}: a hash per user ({@code t} milli-tokens, {@code at} epoch
 *       milliseconds) holding the user's send rate limit for every edge node
 *       ({@code RedisSendLimiter}); it expires once the bucket would be full again.</li>
 *   <li>{@link #revokedLogin(String)}: present while a revoked login's access tokens are still
 *       unexpired; {@link #REVOCATIONS}: the classic pub/sub channel that announces each one.</li>
 * </ul>
 */
public final class RedisKeys {
    public static final String REVOCATIONS = "parley:revocations";

    private RedisKeys() {
    }

    public static String presence(String userId) {
        return "parley:presence:{" + userId + "}";
    }

    public static String nodeChannel(String nodeId) {
        return "parley:node:{" + nodeId + "}";
    }

    public static String sendBucket(String userId) {
        return "parley:send-bucket:{" + userId + "}";
    }

    public static String revokedLogin(String loginId) {
        return "parley:revoked:{" + loginId + "}";
    }
}
