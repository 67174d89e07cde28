package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * The freshness lifetime of a response in a shared cache (RFC 9111 §4.2.1, §4.2.2; seed "HTTP Object
 * Freshness").
 *
 * <p>Ladder: {@code s-maxage}, then {@code max-age} (invalid or conflicting values give 0: stale), then
 * {@code Expires − Date} (an invalid Expires such as {@code 0}, or several different Expires values,
 * give 0; a negative difference gives 0), then the heuristic. The heuristic applies only to
 * heuristically cacheable statuses or responses marked {@code public}: {@code (Date − Last-Modified) ×
 * heuristic_lm_factor}, bounded to [heuristic_min_lifetime, heuristic_max_lifetime]; without
 * Last-Modified the seed's "time written to cache" gives 0, raised to the floor (or no lifetime at all
 * when {@link CacheSettings#heuristicWithoutLastModified()} is off).
 */
public final class Freshness {

    /**
     * Where a lifetime came from; {@code TTL_IN_CACHE} and {@code REVALIDATE} are cache.config rules that
     * {@link Suitability} applies over the response's own lifetime.
     */
    public enum Source { S_MAXAGE, MAX_AGE, EXPIRES, HEURISTIC, NONE, TTL_IN_CACHE, REVALIDATE }

    /** A freshness lifetime and its source; {@code NONE} always has a zero value. */
    public record Lifetime(Duration value, Source source) {
        public static final Lifetime NONE = new Lifetime(Duration.ZERO, Source.NONE);

        public boolean isExplicit() {
            return source == Source.S_MAXAGE || source == Source.MAX_AGE || source == Source.EXPIRES;
        }

        public boolean isHeuristic() {
            return source == Source.HEURISTIC;
        }
    }

    private Freshness() {
    }

    /**
     * The lifetime, for a response that has a Date header (RFC 9110 §6.6.1: the cache adds one on
     * receipt). Without Date, Expires and the heuristic cannot be measured: Expires then gives 0 and the
     * heuristic its floor. Use {@link #lifetime(int, HttpFields, Instant, CacheSettings)} when the
     * response time is known.
     */
    public static Lifetime lifetime(int status, HttpFields responseHeaders, CacheSettings s) {
        return lifetime(status, responseHeaders, null, s);
    }

    /** The lifetime; a missing or invalid Date counts as {@code responseTime} (may be null). */
    public static Lifetime lifetime(int status, HttpFields responseHeaders, Instant responseTime, CacheSettings s) {
        CacheControl cc = CacheControl.of(responseHeaders);
        OptionalLong sMaxAge = cc.sMaxAge();
        if (sMaxAge.isPresent()) {
            return new Lifetime(Duration.ofSeconds(sMaxAge.getAsLong()), Source.S_MAXAGE);
        }
        OptionalLong maxAge = cc.maxAge();
        if (maxAge.isPresent()) {
            return new Lifetime(Duration.ofSeconds(maxAge.getAsLong()), Source.MAX_AGE);
        }
        Instant date = Age.dateValue(responseHeaders, responseTime);
        List<String> expires = responseHeaders.getAll("Expires");
        if (!expires.isEmpty()) {
            return new Lifetime(expiresLifetime(expires, date), Source.EXPIRES);
        }
        if (!StatusCodes.isHeuristicallyCacheable(status) && !cc.isPublic()) {
            return Lifetime.NONE;
        }
        return heuristic(responseHeaders, date, s);
    }

    private static Duration expiresLifetime(List<String> expires, Instant date) {
        String first = expires.get(0).strip();
        for (String e : expires) {
            if (!e.strip().equals(first)) {
                return Duration.ZERO;
            }
        }
        Optional<Instant> at = date == null ? HttpDates.parse(first) : HttpDates.parse(first, date);
        if (at.isEmpty() || date == null) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(date, at.get());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Lifetime heuristic(HttpFields responseHeaders, Instant date, CacheSettings s) {
        String lm = responseHeaders.get("Last-Modified");
        Optional<Instant> lastModified = lm == null ? Optional.empty()
                : date == null ? HttpDates.parse(lm) : HttpDates.parse(lm, date);
        if (lastModified.isEmpty() && !s.heuristicWithoutLastModified()) {
            return Lifetime.NONE;
        }
        Duration base = Duration.ZERO;
        if (lastModified.isPresent() && date != null && lastModified.get().isBefore(date)) {
            long millis = Duration.between(lastModified.get(), date).toMillis();
            base = Duration.ofMillis((long) Math.floor(millis * s.heuristicLmFactor()));
        }
        Duration bounded = base;
        if (bounded.compareTo(s.heuristicMinLifetime()) < 0) {
            bounded = s.heuristicMinLifetime();
        }
        if (bounded.compareTo(s.heuristicMaxLifetime()) > 0) {
            bounded = s.heuristicMaxLifetime();
        }
        return new Lifetime(bounded, Source.HEURISTIC);
    }
}
