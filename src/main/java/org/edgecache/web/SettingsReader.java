package org.edgecache.web;

import java.time.Duration;

import org.edgecache.policy.CacheSettings;

/**
 * Reads the cache knobs from parameters named like ATS's records (context-params globally, and later the same
 * names as ConfRemapFilter init-params per URL pattern). A knob that is absent keeps the value of {@code base}.
 */
public final class SettingsReader {
    public static final String PREFIX = "proxy.config.http.cache.";

    private SettingsReader() {
    }

    /**
     * The settings from {@code edgecache.defaults} ({@code seed}: the seed's defaults; {@code rfc9111}: every
     * knob where the seed differs from RFC 9111 set the RFC way), then each knob that is set.
     */
    public static CacheSettings read(Params p) {
        String base = p.choice("edgecache.defaults", "seed", "seed", "rfc9111");
        return read(p, base.equals("rfc9111") ? CacheSettings.rfc9111() : CacheSettings.defaults());
    }

    public static CacheSettings read(Params p, CacheSettings base) {
        CacheSettings.Builder b = base.toBuilder();
        b.heuristicLmFactor(p.decimal(PREFIX + "heuristic_lm_factor", base.heuristicLmFactor(), 0, 1));
        b.heuristicMinLifetime(seconds(p, PREFIX + "heuristic_min_lifetime", base.heuristicMinLifetime()));
        b.heuristicMaxLifetime(seconds(p, PREFIX + "heuristic_max_lifetime", base.heuristicMaxLifetime()));
        b.requiredHeaders((int) p.integer(PREFIX + "required_headers", base.requiredHeaders(), 0, 2));
        b.whenToRevalidate((int) p.integer(PREFIX + "when_to_revalidate", base.whenToRevalidate(), 0, 4));
        b.ignoreClientNoCache(p.bool(PREFIX + "ignore_client_no_cache", base.ignoreClientNoCache()));
        b.ignoreClientCcMaxAge(p.bool(PREFIX + "ignore_client_cc_max_age", base.ignoreClientCcMaxAge()));
        b.ignoreServerNoCache(p.bool(PREFIX + "ignore_server_no_cache", base.ignoreServerNoCache()));
        b.ignoreAuthentication(p.bool(PREFIX + "ignore_authentication", base.ignoreAuthentication()));
        b.cacheResponsesToCookies((int) p.integer(PREFIX + "cache_responses_to_cookies",
                base.cacheResponsesToCookies(), 0, 4));
        b.cacheUrlsThatLookDynamic(p.bool(PREFIX + "cache_urls_that_look_dynamic", base.cacheUrlsThatLookDynamic()));
        b.maxAlts((int) p.integer("proxy.config.cache.limits.http.max_alts", base.maxAlts(), 0, 1024));
        b.maxStaleAge(seconds(p, PREFIX + "max_stale_age", base.maxStaleAge()));
        b.insertAgeInResponse(p.bool("proxy.config.http.insert_age_in_response", base.insertAgeInResponse()));
        b.heuristicWithoutLastModified(p.bool("edgecache.heuristic-without-last-modified",
                base.heuristicWithoutLastModified()));
        b.storeNoCacheResponses(p.bool("edgecache.store-no-cache-responses", base.storeNoCacheResponses()));
        b.storeSetCookieResponses(p.bool("edgecache.store-set-cookie-responses", base.storeSetCookieResponses()));
        b.storeExpiredResponses(p.bool("edgecache.store-expired-responses", base.storeExpiredResponses()));
        b.storeResponsesToClientNoCache(p.bool("edgecache.store-responses-to-client-no-cache",
                base.storeResponsesToClientNoCache()));
        CacheSettings s = b.build();
        if (s.heuristicMinLifetime().compareTo(s.heuristicMaxLifetime()) > 0) {
            throw new ConfigException(p.scope() + ": proxy.config.http.cache.heuristic_min_lifetime ("
                    + s.heuristicMinLifetime().getSeconds() + ") is greater than heuristic_max_lifetime ("
                    + s.heuristicMaxLifetime().getSeconds() + ")");
        }
        return s;
    }

    private static Duration seconds(Params p, String name, Duration base) {
        return Duration.ofSeconds(p.integer(name, base.getSeconds(), 0, Integer.MAX_VALUE));
    }
}
