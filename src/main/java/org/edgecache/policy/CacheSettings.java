package org.edgecache.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The ATS cache knobs that the policy classes read. Immutable; build one with {@link #builder()} or
 * derive one with {@link #toBuilder()}.
 *
 * <p>{@link #defaults()} are the seed's defaults (DESIGN.md §5: caching needs no particular headers,
 * heuristics apply, client no-cache honoured, cookied content cached except text, 3 alternates).
 * Where the seed and RFC 9111 disagree the seed sets the default and a knob here reaches the RFC
 * behaviour; {@link #rfc9111()} is every such knob set the RFC way. Each knob names the ATS record (or
 * {@code edgecache.*} name) it stands for.
 */
public final class CacheSettings {

    private static final CacheSettings DEFAULTS = builder().build();

    private final double heuristicLmFactor;
    private final Duration heuristicMinLifetime;
    private final Duration heuristicMaxLifetime;
    private final boolean heuristicWithoutLastModified;
    private final int requiredHeaders;
    private final int whenToRevalidate;
    private final boolean ignoreClientNoCache;
    private final boolean ignoreClientCcMaxAge;
    private final boolean ignoreServerNoCache;
    private final boolean ignoreAuthentication;
    private final int cacheResponsesToCookies;
    private final boolean cacheUrlsThatLookDynamic;
    private final int maxAlts;
    private final Duration maxStaleAge;
    private final boolean insertAgeInResponse;
    private final boolean storeNoCacheResponses;
    private final boolean storeSetCookieResponses;
    private final boolean storeExpiredResponses;
    private final boolean storeResponsesToClientNoCache;

    private CacheSettings(Builder b) {
        this.heuristicLmFactor = b.heuristicLmFactor;
        this.heuristicMinLifetime = b.heuristicMinLifetime;
        this.heuristicMaxLifetime = b.heuristicMaxLifetime;
        this.heuristicWithoutLastModified = b.heuristicWithoutLastModified;
        this.requiredHeaders = b.requiredHeaders;
        this.whenToRevalidate = b.whenToRevalidate;
        this.ignoreClientNoCache = b.ignoreClientNoCache;
        this.ignoreClientCcMaxAge = b.ignoreClientCcMaxAge;
        this.ignoreServerNoCache = b.ignoreServerNoCache;
        this.ignoreAuthentication = b.ignoreAuthentication;
        this.cacheResponsesToCookies = b.cacheResponsesToCookies;
        this.cacheUrlsThatLookDynamic = b.cacheUrlsThatLookDynamic;
        this.maxAlts = b.maxAlts;
        this.maxStaleAge = b.maxStaleAge;
        this.insertAgeInResponse = b.insertAgeInResponse;
        this.storeNoCacheResponses = b.storeNoCacheResponses;
        this.storeSetCookieResponses = b.storeSetCookieResponses;
        this.storeExpiredResponses = b.storeExpiredResponses;
        this.storeResponsesToClientNoCache = b.storeResponsesToClientNoCache;
    }

    /** The seed's defaults. */
    public static CacheSettings defaults() {
        return DEFAULTS;
    }

    /**
     * Strict RFC 9111 behaviour where the seed differs: no-cache, Set-Cookie, already-expired responses
     * and responses to no-cache requests are stored (and revalidated as the RFC says), cookies never
     * block storing, and there is no heuristic freshness without Last-Modified nor a heuristic floor.
     */
    public static CacheSettings rfc9111() {
        return builder()
                .storeNoCacheResponses(true)
                .storeSetCookieResponses(true)
                .storeExpiredResponses(true)
                .storeResponsesToClientNoCache(true)
                .cacheResponsesToCookies(1)
                .heuristicWithoutLastModified(false)
                .heuristicMinLifetime(Duration.ZERO)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@code proxy.config.http.cache.heuristic_lm_factor}: share of (Date − Last-Modified); 0.10. */
    public double heuristicLmFactor() {
        return heuristicLmFactor;
    }

    /** {@code proxy.config.http.cache.heuristic_min_lifetime}: heuristic floor; 3600 s. */
    public Duration heuristicMinLifetime() {
        return heuristicMinLifetime;
    }

    /** {@code proxy.config.http.cache.heuristic_max_lifetime}: heuristic ceiling; 86400 s. */
    public Duration heuristicMaxLifetime() {
        return heuristicMaxLifetime;
    }

    /**
     * {@code edgecache.heuristic-without-last-modified}: whether a response without Last-Modified gets
     * a heuristic lifetime (the seed: the time written to cache, i.e. the floor); true. The RFC way
     * (false) gives it no lifetime at all.
     */
    public boolean heuristicWithoutLastModified() {
        return heuristicWithoutLastModified;
    }

    /**
     * {@code proxy.config.http.cache.required_headers}: 0 none, 1 Last-Modified or an explicit lifetime,
     * 2 an explicit lifetime (Expires, max-age, s-maxage); 0. As in ATS it applies to 200 responses.
     */
    public int requiredHeaders() {
        return requiredHeaders;
    }

    /**
     * {@code proxy.config.http.cache.when_to_revalidate}: 0 use directives and heuristics, 1 stale if
     * the lifetime is heuristic, 2 always stale, 3 never stale, 4 stale if the client sent
     * If-Modified-Since; 0.
     */
    public int whenToRevalidate() {
        return whenToRevalidate;
    }

    /** {@code proxy.config.http.cache.ignore_client_no_cache}: ignore request no-cache / Pragma; false. */
    public boolean ignoreClientNoCache() {
        return ignoreClientNoCache;
    }

    /** {@code proxy.config.http.cache.ignore_client_cc_max_age}: ignore request max-age; false. */
    public boolean ignoreClientCcMaxAge() {
        return ignoreClientCcMaxAge;
    }

    /**
     * {@code proxy.config.http.cache.ignore_server_no_cache}: ignore response no-cache, Pragma: no-cache
     * and (as the seed says) no-store; false.
     */
    public boolean ignoreServerNoCache() {
        return ignoreServerNoCache;
    }

    /**
     * {@code proxy.config.http.cache.ignore_authentication}: store WWW-Authenticate responses and serve
     * requests with Authorization from cache; false.
     */
    public boolean ignoreAuthentication() {
        return ignoreAuthentication;
    }

    /**
     * {@code proxy.config.http.cache.cache_responses_to_cookies}: 0 never with cookies, 1 always,
     * 2 images only, 3 all but text, 4 as 3 but text without Set-Cookie or with public; 3.
     */
    public int cacheResponsesToCookies() {
        return cacheResponsesToCookies;
    }

    /** {@code proxy.config.http.cache.cache_urls_that_look_dynamic}; true. */
    public boolean cacheUrlsThatLookDynamic() {
        return cacheUrlsThatLookDynamic;
    }

    /** {@code proxy.config.cache.limits.http.max_alts}: alternates per URL, 0 = unlimited; 3. */
    public int maxAlts() {
        return maxAlts;
    }

    /** {@code proxy.config.http.cache.max_stale_age}: how long past its lifetime a copy may serve on error; 604800 s. */
    public Duration maxStaleAge() {
        return maxStaleAge;
    }

    /** {@code proxy.config.http.insert_age_in_response}; true. */
    public boolean insertAgeInResponse() {
        return insertAgeInResponse;
    }

    /**
     * {@code edgecache.store-no-cache-responses}: store responses with {@code no-cache} (or Pragma:
     * no-cache without Cache-Control) and revalidate them on every use, as RFC 9111 and ATS do; true.
     * (The seed's guide says such responses are not stored; false gives that.)
     */
    public boolean storeNoCacheResponses() {
        return storeNoCacheResponses;
    }

    /** {@code edgecache.store-set-cookie-responses}: store responses with Set-Cookie (RFC); false (seed). */
    public boolean storeSetCookieResponses() {
        return storeSetCookieResponses;
    }

    /**
     * {@code edgecache.store-expired-responses}: store a response whose only lifetime is an Expires of
     * 0 or in the past (RFC: storable, stale); false (seed: not cached).
     */
    public boolean storeExpiredResponses() {
        return storeExpiredResponses;
    }

    /**
     * {@code edgecache.store-responses-to-client-no-cache}: store the response to a request that carried
     * no-cache (RFC); false (seed: not cached). Irrelevant when {@link #ignoreClientNoCache()}.
     */
    public boolean storeResponsesToClientNoCache() {
        return storeResponsesToClientNoCache;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CacheSettings c)) {
            return false;
        }
        return Double.compare(c.heuristicLmFactor, heuristicLmFactor) == 0
                && c.heuristicMinLifetime.equals(heuristicMinLifetime)
                && c.heuristicMaxLifetime.equals(heuristicMaxLifetime)
                && c.heuristicWithoutLastModified == heuristicWithoutLastModified
                && c.requiredHeaders == requiredHeaders && c.whenToRevalidate == whenToRevalidate
                && c.ignoreClientNoCache == ignoreClientNoCache && c.ignoreClientCcMaxAge == ignoreClientCcMaxAge
                && c.ignoreServerNoCache == ignoreServerNoCache && c.ignoreAuthentication == ignoreAuthentication
                && c.cacheResponsesToCookies == cacheResponsesToCookies
                && c.cacheUrlsThatLookDynamic == cacheUrlsThatLookDynamic && c.maxAlts == maxAlts
                && c.maxStaleAge.equals(maxStaleAge) && c.insertAgeInResponse == insertAgeInResponse
                && c.storeNoCacheResponses == storeNoCacheResponses
                && c.storeSetCookieResponses == storeSetCookieResponses
                && c.storeExpiredResponses == storeExpiredResponses
                && c.storeResponsesToClientNoCache == storeResponsesToClientNoCache;
    }

    @Override
    public int hashCode() {
        return Objects.hash(heuristicLmFactor, heuristicMinLifetime, heuristicMaxLifetime,
                heuristicWithoutLastModified, requiredHeaders, whenToRevalidate, ignoreClientNoCache,
                ignoreClientCcMaxAge, ignoreServerNoCache, ignoreAuthentication, cacheResponsesToCookies,
                cacheUrlsThatLookDynamic, maxAlts, maxStaleAge, insertAgeInResponse, storeNoCacheResponses,
                storeSetCookieResponses, storeExpiredResponses, storeResponsesToClientNoCache);
    }

    @Override
    public String toString() {
        return "CacheSettings{heuristicLmFactor=" + heuristicLmFactor
                + ", heuristicMinLifetime=" + heuristicMinLifetime
                + ", heuristicMaxLifetime=" + heuristicMaxLifetime
                + ", heuristicWithoutLastModified=" + heuristicWithoutLastModified
                + ", requiredHeaders=" + requiredHeaders + ", whenToRevalidate=" + whenToRevalidate
                + ", ignoreClientNoCache=" + ignoreClientNoCache + ", ignoreClientCcMaxAge=" + ignoreClientCcMaxAge
                + ", ignoreServerNoCache=" + ignoreServerNoCache + ", ignoreAuthentication=" + ignoreAuthentication
                + ", cacheResponsesToCookies=" + cacheResponsesToCookies
                + ", cacheUrlsThatLookDynamic=" + cacheUrlsThatLookDynamic + ", maxAlts=" + maxAlts
                + ", maxStaleAge=" + maxStaleAge + ", insertAgeInResponse=" + insertAgeInResponse
                + ", storeNoCacheResponses=" + storeNoCacheResponses
                + ", storeSetCookieResponses=" + storeSetCookieResponses
                + ", storeExpiredResponses=" + storeExpiredResponses
                + ", storeResponsesToClientNoCache=" + storeResponsesToClientNoCache + '}';
    }

    /**
     * Builds {@link CacheSettings}; {@link #build()} rejects values outside their range with a message
     * naming the ATS record, the value and what is allowed.
     */
    public static final class Builder {
        private double heuristicLmFactor = 0.10;
        private Duration heuristicMinLifetime = Duration.ofSeconds(3600);
        private Duration heuristicMaxLifetime = Duration.ofSeconds(86400);
        private boolean heuristicWithoutLastModified = true;
        private int requiredHeaders = 0;
        private int whenToRevalidate = 0;
        private boolean ignoreClientNoCache = false;
        private boolean ignoreClientCcMaxAge = false;
        private boolean ignoreServerNoCache = false;
        private boolean ignoreAuthentication = false;
        private int cacheResponsesToCookies = 3;
        private boolean cacheUrlsThatLookDynamic = true;
        private int maxAlts = 3;
        private Duration maxStaleAge = Duration.ofSeconds(604800);
        private boolean insertAgeInResponse = true;
        private boolean storeNoCacheResponses = true;
        private boolean storeSetCookieResponses = false;
        private boolean storeExpiredResponses = false;
        private boolean storeResponsesToClientNoCache = false;

        private Builder() {
        }

        private Builder(CacheSettings s) {
            heuristicLmFactor = s.heuristicLmFactor;
            heuristicMinLifetime = s.heuristicMinLifetime;
            heuristicMaxLifetime = s.heuristicMaxLifetime;
            heuristicWithoutLastModified = s.heuristicWithoutLastModified;
            requiredHeaders = s.requiredHeaders;
            whenToRevalidate = s.whenToRevalidate;
            ignoreClientNoCache = s.ignoreClientNoCache;
            ignoreClientCcMaxAge = s.ignoreClientCcMaxAge;
            ignoreServerNoCache = s.ignoreServerNoCache;
            ignoreAuthentication = s.ignoreAuthentication;
            cacheResponsesToCookies = s.cacheResponsesToCookies;
            cacheUrlsThatLookDynamic = s.cacheUrlsThatLookDynamic;
            maxAlts = s.maxAlts;
            maxStaleAge = s.maxStaleAge;
            insertAgeInResponse = s.insertAgeInResponse;
            storeNoCacheResponses = s.storeNoCacheResponses;
            storeSetCookieResponses = s.storeSetCookieResponses;
            storeExpiredResponses = s.storeExpiredResponses;
            storeResponsesToClientNoCache = s.storeResponsesToClientNoCache;
        }

        public Builder heuristicLmFactor(double v) {
            heuristicLmFactor = v;
            return this;
        }

        public Builder heuristicMinLifetime(Duration v) {
            heuristicMinLifetime = Objects.requireNonNull(v);
            return this;
        }

        public Builder heuristicMaxLifetime(Duration v) {
            heuristicMaxLifetime = Objects.requireNonNull(v);
            return this;
        }

        public Builder heuristicWithoutLastModified(boolean v) {
            heuristicWithoutLastModified = v;
            return this;
        }

        public Builder requiredHeaders(int v) {
            requiredHeaders = v;
            return this;
        }

        public Builder whenToRevalidate(int v) {
            whenToRevalidate = v;
            return this;
        }

        public Builder ignoreClientNoCache(boolean v) {
            ignoreClientNoCache = v;
            return this;
        }

        public Builder ignoreClientCcMaxAge(boolean v) {
            ignoreClientCcMaxAge = v;
            return this;
        }

        public Builder ignoreServerNoCache(boolean v) {
            ignoreServerNoCache = v;
            return this;
        }

        public Builder ignoreAuthentication(boolean v) {
            ignoreAuthentication = v;
            return this;
        }

        public Builder cacheResponsesToCookies(int v) {
            cacheResponsesToCookies = v;
            return this;
        }

        public Builder cacheUrlsThatLookDynamic(boolean v) {
            cacheUrlsThatLookDynamic = v;
            return this;
        }

        public Builder maxAlts(int v) {
            maxAlts = v;
            return this;
        }

        public Builder maxStaleAge(Duration v) {
            maxStaleAge = Objects.requireNonNull(v);
            return this;
        }

        public Builder insertAgeInResponse(boolean v) {
            insertAgeInResponse = v;
            return this;
        }

        public Builder storeNoCacheResponses(boolean v) {
            storeNoCacheResponses = v;
            return this;
        }

        public Builder storeSetCookieResponses(boolean v) {
            storeSetCookieResponses = v;
            return this;
        }

        public Builder storeExpiredResponses(boolean v) {
            storeExpiredResponses = v;
            return this;
        }

        public Builder storeResponsesToClientNoCache(boolean v) {
            storeResponsesToClientNoCache = v;
            return this;
        }

        public CacheSettings build() {
            check(!(heuristicLmFactor >= 0) || Double.isInfinite(heuristicLmFactor),
                    "proxy.config.http.cache.heuristic_lm_factor", heuristicLmFactor, "a finite number >= 0");
            check(heuristicMinLifetime.isNegative(),
                    "proxy.config.http.cache.heuristic_min_lifetime", heuristicMinLifetime.toSeconds(), "seconds >= 0");
            check(heuristicMaxLifetime.compareTo(heuristicMinLifetime) < 0,
                    "proxy.config.http.cache.heuristic_max_lifetime", heuristicMaxLifetime.toSeconds(),
                    "seconds >= heuristic_min_lifetime (" + heuristicMinLifetime.toSeconds() + ")");
            check(requiredHeaders < 0 || requiredHeaders > 2,
                    "proxy.config.http.cache.required_headers", requiredHeaders, "0, 1 or 2");
            check(whenToRevalidate < 0 || whenToRevalidate > 4,
                    "proxy.config.http.cache.when_to_revalidate", whenToRevalidate, "0 to 4");
            check(cacheResponsesToCookies < 0 || cacheResponsesToCookies > 4,
                    "proxy.config.http.cache.cache_responses_to_cookies", cacheResponsesToCookies, "0 to 4");
            check(maxAlts < 0, "proxy.config.cache.limits.http.max_alts", maxAlts, "an integer >= 0 (0 = no limit)");
            check(maxStaleAge.isNegative(),
                    "proxy.config.http.cache.max_stale_age", maxStaleAge.toSeconds(), "seconds >= 0");
            return new CacheSettings(this);
        }

        private static void check(boolean bad, String name, Object value, String allowed) {
            if (bad) {
                throw new IllegalArgumentException(name + " = " + value + " is not allowed; allowed: " + allowed);
            }
        }
    }
}
