package org.edgecache.policy;

import java.util.Locale;
import java.util.Objects;

/**
 * One member of the {@code Cache-Status} response field (RFC 9211 §2), e.g.
 * {@code edgecache; hit; ttl=30}, {@code edgecache; fwd=miss; stored},
 * {@code edgecache; fwd=stale; fwd-status=304}, {@code edgecache; hit; detail=stale-on-error}.
 *
 * <p>Parameters are written in the order hit / fwd, fwd-status, ttl, stored, collapsed, key, detail.
 * {@code hit} and {@code fwd} exclude each other (setting one clears the other). The cache name and the
 * detail are written as tokens when they are valid sf-tokens, otherwise as sf-strings.
 */
public final class CacheStatus {

    /** Why the request went forward (RFC 9211 §2.2). */
    public enum Fwd {
        BYPASS, METHOD, URI_MISS, VARY_MISS, MISS, REQUEST, STALE, PARTIAL;

        public String token() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private CacheStatus() {
    }

    public static Builder builder(String cacheName) {
        return new Builder(cacheName);
    }

    /**
     * Appends this cache's member to an existing field value: members run from the cache nearest the
     * origin to the one nearest the client (RFC 9211 §2).
     */
    public static String append(String existingFieldValue, String member) {
        if (existingFieldValue == null || existingFieldValue.isBlank()) {
            return member;
        }
        return existingFieldValue.strip() + ", " + member;
    }

    public static final class Builder {
        private final String cacheName;
        private boolean hit;
        private Fwd fwd;
        private Integer fwdStatus;
        private Long ttl;
        private boolean stored;
        private boolean collapsed;
        private String key;
        private String detail;

        private Builder(String cacheName) {
            this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        }

        public Builder hit() {
            hit = true;
            fwd = null;
            return this;
        }

        public Builder fwd(Fwd reason) {
            fwd = Objects.requireNonNull(reason);
            hit = false;
            return this;
        }

        public Builder fwdStatus(int status) {
            fwdStatus = status;
            return this;
        }

        /** Remaining freshness in seconds; negative when stale. */
        public Builder ttl(long seconds) {
            ttl = seconds;
            return this;
        }

        public Builder stored() {
            stored = true;
            return this;
        }

        public Builder collapsed() {
            collapsed = true;
            return this;
        }

        public Builder key(String cacheKey) {
            key = cacheKey;
            return this;
        }

        public Builder detail(String text) {
            detail = text;
            return this;
        }

        public String build() {
            StringBuilder sb = new StringBuilder(item(cacheName));
            if (hit) {
                sb.append("; hit");
            }
            if (fwd != null) {
                sb.append("; fwd=").append(fwd.token());
            }
            if (fwdStatus != null) {
                sb.append("; fwd-status=").append(fwdStatus);
            }
            if (ttl != null) {
                sb.append("; ttl=").append(ttl);
            }
            if (stored) {
                sb.append("; stored");
            }
            if (collapsed) {
                sb.append("; collapsed");
            }
            if (key != null) {
                sb.append("; key=").append(sfString(key));
            }
            if (detail != null) {
                sb.append("; detail=").append(item(detail));
            }
            return sb.toString();
        }

        @Override
        public String toString() {
            return build();
        }
    }

    /** An sf-token when the text is one (RFC 8941 §3.3.4), else an sf-string. */
    static String item(String text) {
        return isSfToken(text) ? text : sfString(text);
    }

    static boolean isSfToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c0 = s.charAt(0);
        if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '*')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /** An sf-string (RFC 8941 §3.3.3): printable ASCII only, others replaced by '?'. */
    static String sfString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
