package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;

/**
 * Why a stored response is fresh for as long as it is, in words, for the cache inspector: its current age, the
 * freshness lifetime in effect (the one {@link Suitability} uses, cache.config rules included), where that lifetime
 * came from, and whether a plain GET (no conditions, no cookies, no Authorization) would be served from it now.
 *
 * @param age       the current age (RFC 9111 §4.2.3)
 * @param lifetime  the freshness lifetime in effect
 * @param source    where it came from, as an operator groups it
 * @param detail    the exact source ({@code S_MAXAGE}, {@code HEURISTIC}, {@code TTL_IN_CACHE}, …)
 * @param reason    one sentence naming the header, knob or rule that gave the lifetime
 * @param verdict   what {@link Suitability} says about a plain GET now
 */
public record FreshnessExplanation(Duration age, Duration lifetime, Source source, Freshness.Source detail,
        String reason, Suitability.Verdict verdict) {

    /** Where a lifetime came from. */
    public enum Source {
        /** The response said so: {@code s-maxage}, {@code max-age} or {@code Expires}. */
        EXPLICIT,
        /** The cache guessed it: {@code heuristic_lm_factor} of the time since Last-Modified, or the floor. */
        HEURISTIC,
        /** A cache.config rule ({@code ttl-in-cache}, {@code revalidate}) set it. */
        RULE,
        /** No lifetime: stale from the start. */
        NONE
    }

    public FreshnessExplanation {
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** Remaining freshness; negative when stale. */
    public Duration ttl() {
        return lifetime.minus(age);
    }

    /** Whether a plain GET would be served from the store without asking the origin. */
    public boolean fresh() {
        return verdict.action() == Suitability.Action.SERVE;
    }

    /**
     * Explains one stored response.
     *
     * @param settings the settings for its URL, with what the cache.config rules say about it applied
     */
    public static FreshnessExplanation explain(int status, HttpFields responseHeaders, Instant requestTime,
            Instant responseTime, Instant now, CacheSettings settings) {
        Suitability.Result r = Suitability.assess(RequestView.get(HttpFields.EMPTY),
                StoredView.of(status, responseHeaders, requestTime, responseTime), now, settings);
        Freshness.Lifetime lifetime = r.lifetime();
        return new FreshnessExplanation(r.age(), lifetime.value(), sourceOf(lifetime.source()), lifetime.source(),
                reason(lifetime, responseHeaders, settings), r.verdict());
    }

    static Source sourceOf(Freshness.Source s) {
        return switch (s) {
            case S_MAXAGE, MAX_AGE, EXPIRES -> Source.EXPLICIT;
            case HEURISTIC -> Source.HEURISTIC;
            case TTL_IN_CACHE, REVALIDATE -> Source.RULE;
            case NONE -> Source.NONE;
        };
    }

    private static String reason(Freshness.Lifetime lifetime, HttpFields headers, CacheSettings s) {
        CacheControl cc = CacheControl.of(headers);
        return switch (lifetime.source()) {
            case S_MAXAGE -> "Cache-Control: s-maxage=" + cc.sMaxAge().orElse(0);
            case MAX_AGE -> "Cache-Control: max-age=" + cc.maxAge().orElse(0);
            case EXPIRES -> "Expires: " + headers.get("Expires") + " minus Date";
            case HEURISTIC -> headers.contains("Last-Modified")
                    ? String.format(Locale.ROOT,
                            "heuristic: %s of the time since Last-Modified, within heuristic_min_lifetime %ds and"
                                    + " heuristic_max_lifetime %ds",
                            percent(s.heuristicLmFactor()), s.heuristicMinLifetime().getSeconds(),
                            s.heuristicMaxLifetime().getSeconds())
                    : "heuristic: no Last-Modified, so heuristic_min_lifetime ("
                            + s.heuristicMinLifetime().getSeconds() + "s)";
            case TTL_IN_CACHE -> "cache.config ttl-in-cache=" + s.directives().ttlInCache().getSeconds()
                    + "s (fresh while in the cache no longer than that)";
            case REVALIDATE -> "cache.config revalidate=" + s.directives().revalidate().getSeconds() + "s";
            case NONE -> "no lifetime: no s-maxage, max-age or Expires, and no heuristic applies";
        };
    }

    private static String percent(double factor) {
        double p = factor * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }
}
