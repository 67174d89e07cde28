package org.edgecache.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.edgecache.policy.CacheSettings;

/**
 * Reads the cache knobs from parameters named like ATS's records (context-params globally, and the same names as
 * {@link ConfRemapFilter} init-params per URL pattern). A knob that is absent keeps the value of {@code base}.
 */
public final class SettingsReader {
    public static final String PREFIX = "proxy.config.http.cache.";
    /** ATS's record for the switch that turns HTTP caching off. */
    public static final String CACHE_HTTP = PREFIX + "http";
    /** The seed's name for the same switch. */
    public static final String HTTP_ENABLED = "proxy.config.http.enabled";

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
        b.httpCacheEnabled(cacheSwitch(p, base.httpCacheEnabled()));
        b.enableDefaultVaryHeaders(p.bool(PREFIX + "enable_default_vary_headers", base.enableDefaultVaryHeaders()));
        b.varyDefaultText(fieldNames(p, PREFIX + "vary_default_text", base.varyDefaultText()));
        b.varyDefaultImages(fieldNames(p, PREFIX + "vary_default_images", base.varyDefaultImages()));
        b.varyDefaultOther(fieldNames(p, PREFIX + "vary_default_other", base.varyDefaultOther()));
        b.permitPinning(p.bool("proxy.config.cache.permit.pinning", base.permitPinning()));
        CacheSettings s = b.build();
        s.cookieVaryConflict().ifPresent(why -> {
            throw new ConfigException(p.scope() + ": " + why
                    + " (the seed: if you vary on Cookie, set proxy.config.http.cache.cache_responses_to_cookies"
                    + " appropriately)");
        });
        if (s.heuristicMinLifetime().compareTo(s.heuristicMaxLifetime()) > 0) {
            throw new ConfigException(p.scope() + ": proxy.config.http.cache.heuristic_min_lifetime ("
                    + s.heuristicMinLifetime().getSeconds() + ") is greater than heuristic_max_lifetime ("
                    + s.heuristicMaxLifetime().getSeconds() + ")");
        }
        return s;
    }

    /**
     * Every parameter name {@link #read(Params, CacheSettings)} reads: the knobs that can be set per URL pattern
     * (ConfRemapFilter init-params).
     */
    public static Set<String> knobNames() {
        Set<String> names = new LinkedHashSet<>();
        read(new Params("names", name -> {
            names.add(name);
            return null;
        }, n -> null), CacheSettings.defaults());
        return names;
    }

    /** proxy.config.http.cache.http, or the seed's proxy.config.http.enabled; both given must agree. */
    private static boolean cacheSwitch(Params p, boolean base) {
        boolean ats = p.bool(CACHE_HTTP, base);
        boolean seed = p.bool(HTTP_ENABLED, base);
        String a = p.raw(CACHE_HTTP);
        String b = p.raw(HTTP_ENABLED);
        if (a != null && !a.isEmpty() && b != null && !b.isEmpty() && ats != seed) {
            throw new ConfigException(p.scope() + ": " + CACHE_HTTP + " (" + a + ") and " + HTTP_ENABLED + " (" + b
                    + ") are the same switch and disagree; set one of them");
        }
        return a != null && !a.isEmpty() ? ats : seed;
    }

    /** A list of header field names separated by commas and/or spaces; empty (or NULL, as ATS writes it) for none. */
    private static List<String> fieldNames(Params p, String name, List<String> base) {
        String v = p.raw(name);
        if (v == null) {
            return base;
        }
        List<String> out = new ArrayList<>();
        if (v.isBlank() || v.strip().equalsIgnoreCase("NULL")) {
            return out;
        }
        for (String f : v.split("[,\\s]+")) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        try {
            CacheSettings.builder().varyDefaultOther(out);
        } catch (IllegalArgumentException e) {
            throw p.error(name, v, "header field names separated by commas or spaces (" + e.getMessage() + ")");
        }
        return out;
    }

    private static Duration seconds(Params p, String name, Duration base) {
        return Duration.ofSeconds(p.integer(name, base.getSeconds(), 0, Integer.MAX_VALUE));
    }
}
