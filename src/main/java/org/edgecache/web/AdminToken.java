package org.edgecache.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An admin endpoint's optional shared secret, sent as {@code Authorization: Bearer <token>}. Compared in constant
 * time: both sides are hashed (SHA-256) first, so neither the length nor a common prefix shows in the timing.
 */
public final class AdminToken {
    private static final AdminToken NONE = new AdminToken(null);

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** The token configured, or none for null or an empty value. */
    public static AdminToken of(String configured) {
        return configured == null || configured.isEmpty() ? NONE : new AdminToken(sha256(configured));
    }

    /** Whether a token is configured at all. */
    public boolean required() {
        return digest != null;
    }

    /** Whether the value of an Authorization header carries the token (always true when none is configured). */
    public boolean accepts(String authorization) {
        if (digest == null) {
            return true;
        }
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
