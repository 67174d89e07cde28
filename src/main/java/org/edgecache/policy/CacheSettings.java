package org.edgecache.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
    private final boolean httpCacheEnabled;
    private final boolean enableDefaultVaryHeaders;
    private final List<String> varyDefaultText;
    private final List<String> varyDefaultImages;
    private final List<String> varyDefaultOther;
    private final boolean permitPinning;
    private final CacheDirectives directives;

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
        this.httpCacheEnabled = b.httpCacheEnabled;
        this.enableDefaultVaryHeaders = b.enableDefaultVaryHeaders;
        this.varyDefaultText = b.varyDefaultText;
        this.varyDefaultImages = b.varyDefaultImages;
        this.varyDefaultOther = b.varyDefaultOther;
        this.permitPinning = b.permitPinning;
        this.directives = b.directives;
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

    /**
     * {@code proxy.config.http.cache.http} (the seed calls it {@code proxy.config.http.enabled}): whether HTTP
     * objects are cached at all; false sends every request to the origin and stores nothing; true.
     */
    public boolean httpCacheEnabled() {
        return httpCacheEnabled;
    }

    /**
     * {@code proxy.config.http.cache.enable_default_vary_headers}: vary a response that has no Vary of its own on
     * the {@code vary_default_*} list for its Content-Type; false. (ATS removed it in 9.0.)
     */
    public boolean enableDefaultVaryHeaders() {
        return enableDefaultVaryHeaders;
    }

    /** {@code proxy.config.http.cache.vary_default_text}: request fields to vary {@code text/*} on; none. */
    public List<String> varyDefaultText() {
        return varyDefaultText;
    }

    /** {@code proxy.config.http.cache.vary_default_images}: request fields to vary {@code image/*} on; none. */
    public List<String> varyDefaultImages() {
        return varyDefaultImages;
    }

    /** {@code proxy.config.http.cache.vary_default_other}: request fields to vary other types on; none. */
    public List<String> varyDefaultOther() {
        return varyDefaultOther;
    }

    /** {@code proxy.config.cache.permit.pinning}: whether cache.config {@code pin-in-cache} takes effect; false. */
    public boolean permitPinning() {
        return permitPinning;
    }

    /**
     * The cache.config directives in effect for one request ({@link CacheDirectives#NONE} unless a rule
     * matched); never a context-param.
     */
    public CacheDirectives directives() {
        return directives;
    }

    /**
     * The seed's note on the {@code vary_default_*} lists: a list that names {@code Cookie} only makes sense if
     * {@code cache_responses_to_cookies} lets cookied content of that type be cached. Returns why not, when a
     * list names Cookie for a type that the cookie setting never caches when a Cookie is sent.
     */
    public Optional<String> cookieVaryConflict() {
        if (!enableDefaultVaryHeaders) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        int c = cacheResponsesToCookies;
        if (varyDefaultText.contains("cookie") && (c == 0 || c == 2 || c == 3)) {
            problems.add("vary_default_text names Cookie, but cache_responses_to_cookies=" + c
                    + " never caches text/* requested with a Cookie (use 1, or 4)");
        }
        if (varyDefaultImages.contains("cookie") && c == 0) {
            problems.add("vary_default_images names Cookie, but cache_responses_to_cookies=0 never caches"
                    + " content requested with a Cookie (use 1, 2, 3 or 4)");
        }
        if (varyDefaultOther.contains("cookie") && (c == 0 || c == 2)) {
            problems.add("vary_default_other names Cookie, but cache_responses_to_cookies=" + c
                    + " never caches other types requested with a Cookie (use 1, 3 or 4)");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
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
                && c.storeResponsesToClientNoCache == storeResponsesToClientNoCache
                && c.httpCacheEnabled == httpCacheEnabled && c.enableDefaultVaryHeaders == enableDefaultVaryHeaders
                && c.varyDefaultText.equals(varyDefaultText) && c.varyDefaultImages.equals(varyDefaultImages)
                && c.varyDefaultOther.equals(varyDefaultOther) && c.permitPinning == permitPinning
                && c.directives.equals(directives);
    }

    @Override
    public int hashCode() {
        return Objects.hash(heuristicLmFactor, heuristicMinLifetime, heuristicMaxLifetime,
                heuristicWithoutLastModified, requiredHeaders, whenToRevalidate, ignoreClientNoCache,
                ignoreClientCcMaxAge, ignoreServerNoCache, ignoreAuthentication, cacheResponsesToCookies,
                cacheUrlsThatLookDynamic, maxAlts, maxStaleAge, insertAgeInResponse, storeNoCacheResponses,
                storeSetCookieResponses, storeExpiredResponses, storeResponsesToClientNoCache, httpCacheEnabled,
                enableDefaultVaryHeaders, varyDefaultText, varyDefaultImages, varyDefaultOther, permitPinning,
                directives);
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
                + ", storeResponsesToClientNoCache=" + storeResponsesToClientNoCache
                + ", httpCacheEnabled=" + httpCacheEnabled + ", enableDefaultVaryHeaders=" + enableDefaultVaryHeaders
                + ", varyDefaultText=" + varyDefaultText + ", varyDefaultImages=" + varyDefaultImages
                + ", varyDefaultOther=" + varyDefaultOther + ", permitPinning=" + permitPinning
                + ", directives=" + directives + '}';
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
        private boolean httpCacheEnabled = true;
        private boolean enableDefaultVaryHeaders = false;
        private List<String> varyDefaultText = List.of();
        private List<String> varyDefaultImages = List.of();
        private List<String> varyDefaultOther = List.of();
        private boolean permitPinning = false;
        private CacheDirectives directives = CacheDirectives.NONE;

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
            httpCacheEnabled = s.httpCacheEnabled;
            enableDefaultVaryHeaders = s.enableDefaultVaryHeaders;
            varyDefaultText = s.varyDefaultText;
            varyDefaultImages = s.varyDefaultImages;
            varyDefaultOther = s.varyDefaultOther;
            permitPinning = s.permitPinning;
            directives = s.directives;
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

        public Builder httpCacheEnabled(boolean v) {
            httpCacheEnabled = v;
            return this;
        }

        public Builder enableDefaultVaryHeaders(boolean v) {
            enableDefaultVaryHeaders = v;
            return this;
        }

        /** Field names, compared case-insensitively (stored lower-cased, duplicates dropped). */
        public Builder varyDefaultText(List<String> names) {
            varyDefaultText = fieldNames(names);
            return this;
        }

        public Builder varyDefaultImages(List<String> names) {
            varyDefaultImages = fieldNames(names);
            return this;
        }

        public Builder varyDefaultOther(List<String> names) {
            varyDefaultOther = fieldNames(names);
            return this;
        }

        public Builder permitPinning(boolean v) {
            permitPinning = v;
            return this;
        }

        public Builder directives(CacheDirectives v) {
            directives = Objects.requireNonNull(v);
            return this;
        }

        private static List<String> fieldNames(List<String> names) {
            List<String> out = new ArrayList<>();
            for (String n : names) {
                String lower = n.strip().toLowerCase(Locale.ROOT);
                if (lower.isEmpty() || lower.equals("*") || !lower.chars().allMatch(Builder::tchar)) {
                    throw new IllegalArgumentException("'" + n + "' is not a header field name");
                }
                if (!out.contains(lower)) {
                    out.add(lower);
                }
            }
            return List.copyOf(out);
        }

        private static boolean tchar(int c) {
            return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
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
