package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;

/**
 * May a stored response be served when the origin cannot be reached? (seed "Revalidating HTTP
 * Objects": serve the stale object with a {@code 111 Revalidation Failed} warning; ATS behaviour §5.13;
 * RFC 9111 §4.2.4.)
 *
 * <p>Not when the stored response has must-revalidate, proxy-revalidate, no-cache, no-store, s-maxage or
 * Pragma: no-cache (ATS's list; RFC 9111 forbids the first, second, fourth and fifth), not for a
 * request with Authorization the response does not allow, and only while {@code age <= lifetime +
 * max_stale_age}; a response {@code stale-if-error} (RFC 5861) extends that window when it is longer.
 */
public final class StaleOnError {

    public enum Verdict {
        SERVE_STALE,
        METHOD_MISMATCH,
        MUST_REVALIDATE,
        PROXY_REVALIDATE,
        NO_CACHE,
        NO_STORE,
        S_MAXAGE,
        AUTHORIZATION,
        TOO_STALE;

        public boolean serve() {
            return this == SERVE_STALE;
        }
    }

    /** The verdict; {@code addWarning111} is true exactly when the stored response is to be served. */
    public record Result(Verdict verdict, boolean addWarning111, Duration age, Freshness.Lifetime lifetime) {
    }

    private StaleOnError() {
    }

    /** The Warning field value for a response served after a failed revalidation (RFC 7234 §5.5.2). */
    /**
     * Whether an origin's answer to a revalidation counts as an error that a stale copy may stand in for: a server
     * error (500, 502, 503, 504) when the stored response says {@code stale-if-error} (RFC 5861 §4). The origin not
     * answering at all always does; that case does not come here.
     */
    public static boolean isErrorAnswer(int status, HttpFields storedResponseHeaders) {
        boolean serverError = status == 500 || status == 502 || status == 503 || status == 504;
        return serverError && CacheControl.of(storedResponseHeaders).staleIfError().isPresent();
    }

    public static String warning111(String agent) {
        return "111 " + agent + " \"Revalidation Failed\"";
    }

    public static Result assess(RequestView request, StoredView stored, Instant now, CacheSettings s) {
        HttpFields resp = stored.responseHeaders();
        CacheControl cc = CacheControl.of(resp);
        Duration age = Age.current(resp, stored.requestTime(), stored.responseTime(), now);
        Freshness.Lifetime lifetime = Freshness.lifetime(stored.status(), resp, stored.responseTime(), s);
        Verdict v = verdict(request, cc, resp, age, lifetime, s);
        return new Result(v, v.serve(), age, lifetime);
    }

    private static Verdict verdict(RequestView request, CacheControl cc, HttpFields resp, Duration age,
                                   Freshness.Lifetime lifetime, CacheSettings s) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Verdict.METHOD_MISMATCH;
        }
        if (cc.mustRevalidate()) {
            return Verdict.MUST_REVALIDATE;
        }
        if (cc.proxyRevalidate()) {
            return Verdict.PROXY_REVALIDATE;
        }
        if (NoCache.inResponse(resp, cc)) {
            return Verdict.NO_CACHE;
        }
        if (cc.noStore()) {
            return Verdict.NO_STORE;
        }
        if (cc.sMaxAge().isPresent()) {
            return Verdict.S_MAXAGE;
        }
        if (request.headers().contains("Authorization") && !s.ignoreAuthentication() && !cc.isPublic()) {
            return Verdict.AUTHORIZATION;
        }
        Duration window = s.maxStaleAge();
        OptionalLong sie = cc.staleIfError();
        if (sie.isPresent() && Duration.ofSeconds(sie.getAsLong()).compareTo(window) > 0) {
            window = Duration.ofSeconds(sie.getAsLong());
        }
        if (age.compareTo(lifetime.value().plus(window)) > 0) {
            return Verdict.TOO_STALE;
        }
        return Verdict.SERVE_STALE;
    }
}
