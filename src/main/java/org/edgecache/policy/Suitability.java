package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;
import org.edgecache.http.Vary;

/**
 * May this stored response serve this request, and how? (RFC 9111 §4, §4.2.4, §5.2.1, §5.2.2; seed
 * "Cache-Control Headers" and "Revalidating HTTP Objects"; ATS behaviour §5.3–§5.5.)
 *
 * <p>Ladder: method, Vary, cookies ({@code cache_responses_to_cookies} against the request's Cookie and the
 * stored Set-Cookie, as ATS does when serving), Authorization, client no-cache, response no-cache, then
 * freshness: {@code when_to_revalidate}, client {@code max-age}, fresh (with {@code min-fresh}), and when stale:
 * must-revalidate / proxy-revalidate / s-maxage forbid any stale use, otherwise client
 * {@code max-stale}, then response {@code stale-while-revalidate}, else revalidate.
 *
 * <p>cache.config (ATS behaviour §5.3): with {@code ttl-in-cache} the cookie and response no-cache steps are
 * skipped and the object is fresh while it has been in the cache (since it was stored or last revalidated) no
 * longer than the ttl, stale after; {@code revalidate} replaces the freshness lifetime, except that it never
 * lengthens the lifetime of a response with must-revalidate or proxy-revalidate.
 */
public final class Suitability {

    /** What the caller does with a verdict. */
    public enum Action {
        /** Serve the stored response. */
        SERVE,
        /** Serve the stored response now and revalidate it in the background. */
        SERVE_AND_REVALIDATE,
        /** Send a conditional request to the origin (see {@link RevalidationRequest}). */
        REVALIDATE,
        /** This stored response cannot be used for this request: forward it unconditionally. */
        FORWARD
    }

    public enum Verdict {
        FRESH(Action.SERVE),
        /** Stale, within the client's max-stale (ATS adds a 113 warning here). */
        STALE_BUT_ALLOWED(Action.SERVE),
        /** Stale, within the response's stale-while-revalidate (RFC 5861). */
        STALE_WHILE_REVALIDATE(Action.SERVE_AND_REVALIDATE),
        /** Stale. */
        STALE(Action.REVALIDATE),
        /** Stale and must-revalidate / proxy-revalidate / s-maxage forbid serving it stale. */
        MUST_REVALIDATE_STALE(Action.REVALIDATE),
        /** The stored response has no-cache (or Pragma: no-cache without Cache-Control). */
        MUST_REVALIDATE_NO_CACHE_RESPONSE(Action.REVALIDATE),
        /** The request has no-cache (or Pragma: no-cache without Cache-Control). */
        MUST_REVALIDATE_CLIENT_NO_CACHE(Action.REVALIDATE),
        /** The request has Authorization and the stored response only has must-revalidate / proxy-revalidate. */
        MUST_REVALIDATE_AUTHORIZATION(Action.REVALIDATE),
        /** when_to_revalidate made it stale (2 always; 1 heuristic lifetime; 4 client If-Modified-Since). */
        ALWAYS_REVALIDATE(Action.REVALIDATE),
        /** Older than the client's max-age (or max-age=0). */
        CLIENT_MAX_AGE_EXCEEDED(Action.REVALIDATE),
        /** Fresh, but not for the client's min-fresh. */
        CLIENT_MIN_FRESH(Action.REVALIDATE),
        /** The request has Authorization and the stored response has neither public nor s-maxage. */
        AUTHORIZATION_NOT_ALLOWED(Action.FORWARD),
        /** cache_responses_to_cookies forbids serving this stored response to a request with these cookies. */
        COOKIES_NOT_SERVED(Action.FORWARD),
        /** Only GET and HEAD are served from a stored GET response. */
        METHOD_MISMATCH(Action.FORWARD),
        VARY_STAR(Action.FORWARD),
        VARY_MISMATCH(Action.FORWARD),
        /** A fresh object a filter above the cache marked stale (cache_range_requests' X-Crr-Ims / X-Crr-Ident). */
        MARKED_STALE(Action.REVALIDATE),
        /** A stale object a filter above the cache marked fresh (cache_range_requests' X-Crr-Ident). */
        MARKED_FRESH(Action.SERVE);

        private final Action action;

        Verdict(Action action) {
            this.action = action;
        }

        public Action action() {
            return action;
        }
    }

    /** The verdict with the numbers behind it; age and lifetime are computed for every verdict. */
    public record Result(Verdict verdict, Duration age, Freshness.Lifetime lifetime) {
        /** Remaining freshness, negative when stale: the Cache-Status {@code ttl}. */
        public Duration ttl() {
            return lifetime.value().minus(age);
        }

        public Action action() {
            return verdict.action();
        }

        /** The same numbers under another verdict. */
        public Result as(Verdict other) {
            return new Result(other, age, lifetime);
        }
    }

    private Suitability() {
    }

    public static Result assess(RequestView request, StoredView stored, Instant now, CacheSettings s) {
        HttpFields req = request.headers();
        HttpFields resp = stored.responseHeaders();
        CacheControl reqCc = CacheControl.of(req);
        CacheControl cc = CacheControl.of(resp);
        Duration age = Age.current(resp, stored.requestTime(), stored.responseTime(), now);
        Freshness.Lifetime lifetime = Freshness.lifetime(stored.status(), resp, stored.responseTime(), s);

        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new Result(Verdict.METHOD_MISMATCH, age, lifetime);
        }
        List<String> vary = Vary.fieldNames(resp);
        if (Vary.hasStar(vary)) {
            return new Result(Verdict.VARY_STAR, age, lifetime);
        }
        if (stored.requestHeaders() != null && !Vary.matches(vary, stored.requestHeaders(), req)) {
            return new Result(Verdict.VARY_MISMATCH, age, lifetime);
        }
        CacheDirectives rules = s.directives();
        if (!rules.hasTtl() && Cookies.preventCaching(req, resp, s.cacheResponsesToCookies())) {
            return new Result(Verdict.COOKIES_NOT_SERVED, age, lifetime);
        }
        if (req.contains("Authorization") && !s.ignoreAuthentication()
                && !cc.isPublic() && cc.sMaxAge().isEmpty()) {
            Verdict v = cc.mustRevalidate() || cc.proxyRevalidate()
                    ? Verdict.MUST_REVALIDATE_AUTHORIZATION : Verdict.AUTHORIZATION_NOT_ALLOWED;
            return new Result(v, age, lifetime);
        }
        if (NoCache.inRequest(req, reqCc) && !s.ignoreClientNoCache()) {
            return new Result(Verdict.MUST_REVALIDATE_CLIENT_NO_CACHE, age, lifetime);
        }
        if (rules.hasTtl()) {
            Duration resident = Duration.between(stored.responseTime(), now);
            if (resident.isNegative()) {
                resident = Duration.ZERO;
            }
            Freshness.Lifetime ttl = new Freshness.Lifetime(rules.ttlInCache().plus(age).minus(resident),
                    Freshness.Source.TTL_IN_CACHE);
            Verdict v = resident.compareTo(rules.ttlInCache()) <= 0 ? Verdict.FRESH : Verdict.STALE;
            return new Result(v, age, ttl);
        }
        if (NoCache.inResponse(resp, cc) && !s.ignoreServerNoCache()) {
            return new Result(Verdict.MUST_REVALIDATE_NO_CACHE_RESPONSE, age, lifetime);
        }
        Freshness.Lifetime effective = lifetime;
        if (rules.revalidate() != null && (rules.revalidate().compareTo(lifetime.value()) <= 0
                || !(cc.mustRevalidate() || cc.proxyRevalidate()))) {
            effective = new Freshness.Lifetime(rules.revalidate(), Freshness.Source.REVALIDATE);
        }
        return new Result(freshness(req, reqCc, cc, age, lifetime, effective, s), age, effective);
    }

    /** {@code natural} decides when_to_revalidate 1 (heuristic); {@code lifetime} is the one in effect. */
    private static Verdict freshness(HttpFields req, CacheControl reqCc, CacheControl cc, Duration age,
                                     Freshness.Lifetime natural, Freshness.Lifetime lifetime, CacheSettings s) {
        switch (s.whenToRevalidate()) {
            case 2:
                return Verdict.ALWAYS_REVALIDATE;
            case 3:
                return Verdict.FRESH;
            case 1:
                if (natural.isHeuristic()) {
                    return Verdict.ALWAYS_REVALIDATE;
                }
                break;
            case 4:
                if (req.contains("If-Modified-Since")) {
                    return Verdict.ALWAYS_REVALIDATE;
                }
                break;
            default:
                break;
        }
        OptionalLong clientMaxAge = reqCc.maxAge();
        if (clientMaxAge.isPresent() && !s.ignoreClientCcMaxAge()
                && (clientMaxAge.getAsLong() == 0 || age.compareTo(Duration.ofSeconds(clientMaxAge.getAsLong())) > 0)) {
            return Verdict.CLIENT_MAX_AGE_EXCEEDED;
        }
        Duration remaining = lifetime.value().minus(age);
        if (!remaining.isNegative() && !remaining.isZero()) {
            OptionalLong minFresh = reqCc.minFresh();
            if (minFresh.isPresent() && remaining.compareTo(Duration.ofSeconds(minFresh.getAsLong())) < 0) {
                return Verdict.CLIENT_MIN_FRESH;
            }
            return Verdict.FRESH;
        }
        if (cc.mustRevalidate() || cc.proxyRevalidate() || cc.sMaxAge().isPresent()) {
            return Verdict.MUST_REVALIDATE_STALE;
        }
        Duration staleness = remaining.negated();
        OptionalLong maxStale = reqCc.maxStale();
        if (maxStale.isPresent() && staleness.compareTo(Duration.ofSeconds(maxStale.getAsLong())) <= 0) {
            return Verdict.STALE_BUT_ALLOWED;
        }
        OptionalLong swr = cc.staleWhileRevalidate();
        if (swr.isPresent() && staleness.compareTo(Duration.ofSeconds(swr.getAsLong())) <= 0) {
            return Verdict.STALE_WHILE_REVALIDATE;
        }
        return Verdict.STALE;
    }
}
