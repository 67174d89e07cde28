package org.edgecache.policy;

import java.time.Instant;
import java.util.OptionalLong;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;
import org.edgecache.http.Vary;

/**
 * May this response be stored? (RFC 9111 §3 for a shared cache, with the seed's "Caching HTTP Objects"
 * defaults.) The first rule that refuses wins; the verdict says which.
 *
 * <p>cache.config: {@code never-cache} refuses everything; {@code ttl-in-cache} forces storing a response with a
 * heuristically cacheable status whatever its Cache-Control, Expires, Set-Cookie, cookies or
 * {@code required_headers} say (ATS behaviour §5.2, §5.15) — but never over the request's {@code no-store} or
 * {@code no-cache}, Authorization, WWW-Authenticate or {@code Vary: *}.
 */
public final class Storability {

    public enum Verdict {
        STORABLE,
        /** proxy.config.http.cache.http (proxy.config.http.enabled) is off. */
        CACHE_DISABLED,
        /** A cache.config never-cache rule matched (and no ttl-in-cache rule). */
        NEVER_CACHE,
        /** Only GET responses are stored (HEAD is answered from a stored GET, never stored itself). */
        METHOD_NOT_CACHEABLE,
        /** 1xx, 206, 304, an out-of-range code, or a code the cache doesn't know without explicit freshness. */
        STATUS_NOT_UNDERSTOOD,
        /** must-understand on a status code the cache doesn't understand (RFC 9111 §5.2.2.3). */
        MUST_UNDERSTAND_UNKNOWN_STATUS,
        NO_STORE_IN_REQUEST,
        /** Request no-cache (or Pragma: no-cache without Cache-Control): the seed does not cache these. */
        NO_CACHE_IN_REQUEST,
        NO_STORE_IN_RESPONSE,
        /** private, bare or qualified. */
        PRIVATE,
        /** Request with Authorization and no public / s-maxage / must-revalidate (RFC 9111 §3.5). */
        AUTHORIZED_REQUEST,
        WWW_AUTHENTICATE,
        SET_COOKIE,
        /** cache_responses_to_cookies refuses this content type when cookies are involved. */
        COOKIED_CONTENT,
        /** Response no-cache (or Pragma: no-cache without Cache-Control): the seed does not cache these. */
        NO_CACHE_IN_RESPONSE,
        VARY_STAR,
        /** required_headers (1 or 2) not met by a 200. */
        REQUIRED_HEADERS_MISSING,
        /** Its only lifetime is an Expires of 0 or in the past: the seed does not cache these. */
        EXPIRED_ON_ARRIVAL,
        /**
         * None of public, Expires, max-age, s-maxage, nor a heuristically cacheable status (RFC 9111 §3,
         * last condition). A validator alone does not make a response storable.
         */
        NO_FRESHNESS_OR_VALIDATOR;

        public boolean storable() {
            return this == STORABLE;
        }
    }

    private Storability() {
    }

    public static Verdict decide(String requestMethod, HttpFields requestHeaders, int status,
                                 HttpFields responseHeaders, CacheSettings s) {
        if (!"GET".equals(requestMethod)) {
            return Verdict.METHOD_NOT_CACHEABLE;
        }
        if (!s.httpCacheEnabled()) {
            return Verdict.CACHE_DISABLED;
        }
        if (s.directives().neverCache()) {
            return Verdict.NEVER_CACHE;
        }
        if (!StatusCodes.isFinal(status) || status == 206 || status == 304) {
            return Verdict.STATUS_NOT_UNDERSTOOD;
        }
        CacheControl cc = CacheControl.of(responseHeaders);
        CacheControl reqCc = CacheControl.of(requestHeaders);
        boolean understood = StatusCodes.isUnderstood(status);
        boolean forced = s.directives().hasTtl() && StatusCodes.isHeuristicallyCacheable(status);
        if (cc.mustUnderstand() && !understood) {
            return Verdict.MUST_UNDERSTAND_UNKNOWN_STATUS;
        }
        if (reqCc.noStore()) {
            return Verdict.NO_STORE_IN_REQUEST;
        }
        if (NoCache.inRequest(requestHeaders, reqCc) && !s.ignoreClientNoCache()
                && !s.storeResponsesToClientNoCache()) {
            return Verdict.NO_CACHE_IN_REQUEST;
        }
        if (cc.noStore() && !s.ignoreServerNoCache() && !cc.mustUnderstand() && !forced) {
            return Verdict.NO_STORE_IN_RESPONSE;
        }
        if (cc.isPrivate() && !forced) {
            return Verdict.PRIVATE;
        }
        if (requestHeaders.contains("Authorization") && !s.ignoreAuthentication()
                && !(cc.isPublic() || cc.sMaxAge().isPresent() || cc.mustRevalidate())) {
            return Verdict.AUTHORIZED_REQUEST;
        }
        if (responseHeaders.contains("WWW-Authenticate") && !s.ignoreAuthentication()) {
            return Verdict.WWW_AUTHENTICATE;
        }
        if (Vary.hasStar(Vary.fieldNames(responseHeaders))) {
            return Verdict.VARY_STAR;
        }
        if (forced) {
            return Verdict.STORABLE;
        }
        if (responseHeaders.contains("Set-Cookie") && !s.storeSetCookieResponses()) {
            return Verdict.SET_COOKIE;
        }
        if (Cookies.preventCaching(requestHeaders, responseHeaders, s.cacheResponsesToCookies())) {
            return Verdict.COOKIED_CONTENT;
        }
        if (NoCache.inResponse(responseHeaders, cc) && !s.ignoreServerNoCache() && !s.storeNoCacheResponses()) {
            return Verdict.NO_CACHE_IN_RESPONSE;
        }
        OptionalLong maxAge = cc.maxAge();
        boolean explicit = cc.sMaxAge().isPresent() || maxAge.isPresent() || responseHeaders.contains("Expires");
        if (!understood && !explicit) {
            return Verdict.STATUS_NOT_UNDERSTOOD;
        }
        if (status == 200 && !requiredHeadersPresent(responseHeaders, explicit, s.requiredHeaders())) {
            return Verdict.REQUIRED_HEADERS_MISSING;
        }
        if (!s.storeExpiredResponses() && cc.sMaxAge().isEmpty() && maxAge.isEmpty()
                && expiredOnArrival(status, responseHeaders, s)) {
            return Verdict.EXPIRED_ON_ARRIVAL;
        }
        if (!explicit && !cc.isPublic() && !StatusCodes.isHeuristicallyCacheable(status)) {
            return Verdict.NO_FRESHNESS_OR_VALIDATOR;
        }
        return Verdict.STORABLE;
    }

    /**
     * An Expires that is invalid (e.g. {@code 0}) or not after Date. Without a Date the comparison is
     * left to {@link Freshness} at serving time; only an unparseable Expires counts then.
     */
    private static boolean expiredOnArrival(int status, HttpFields responseHeaders, CacheSettings s) {
        if (!responseHeaders.contains("Expires")) {
            return false;
        }
        if (responseHeaders.contains("Date") && Age.dateValue(responseHeaders, null) != null) {
            return Freshness.lifetime(status, responseHeaders, s).value().isZero();
        }
        return Freshness.lifetime(status, responseHeaders, Instant.EPOCH, s).value().isZero();
    }

    private static boolean requiredHeadersPresent(HttpFields responseHeaders, boolean explicit, int required) {
        return switch (required) {
            case 0 -> true;
            case 1 -> explicit || responseHeaders.contains("Last-Modified");
            default -> explicit;
        };
    }
}
