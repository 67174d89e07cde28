package org.edgecache.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a cache.config file, and what they say about one request (ATS's {@code CacheControl} matching,
 * ATS behaviour §5.15): every line is tried, in file order, with no first-match stop; a matching line sets its
 * directive, so for each directive the last matching line wins; the ignore actions only ever switch on;
 * {@code ttl-in-cache} cancels {@code never-cache} whatever their order; a line's
 * {@code cache-responses-to-cookies} tweak applies when the line matches.
 */
public final class CacheRules {

    public static final CacheRules EMPTY = new CacheRules(List.of());

    private final List<CacheRule> rules;

    CacheRules(List<CacheRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<CacheRule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public Match match(RuleRequest request) {
        if (rules.isEmpty()) {
            return Match.NONE;
        }
        boolean never = false;
        boolean ignoreClient = false;
        boolean ignoreServer = false;
        Duration ttl = null;
        Duration revalidate = null;
        Duration pin = null;
        Integer cookies = null;
        List<Integer> lines = new ArrayList<>();
        for (CacheRule r : rules) {
            if (!r.matches(request)) {
                continue;
            }
            lines.add(r.line());
            switch (r.directive()) {
                case NEVER_CACHE -> never = true;
                case STANDARD_CACHE -> never = false;
                case IGNORE_NO_CACHE -> {
                    ignoreClient = true;
                    ignoreServer = true;
                }
                case IGNORE_CLIENT_NO_CACHE -> ignoreClient = true;
                case IGNORE_SERVER_NO_CACHE -> ignoreServer = true;
                case REVALIDATE -> revalidate = r.argument();
                case PIN_IN_CACHE -> pin = r.argument();
                case TTL_IN_CACHE -> ttl = r.argument();
                default -> throw new IllegalStateException(r.directive().name());
            }
            if (r.cookies() != null) {
                cookies = r.cookies();
            }
        }
        if (lines.isEmpty()) {
            return Match.NONE;
        }
        return new Match(new CacheDirectives(never, ttl, revalidate, pin), ignoreClient, ignoreServer, cookies,
                lines);
    }

    /**
     * What the matching lines say.
     *
     * @param directives          never-cache, ttl-in-cache, revalidate, pin-in-cache
     * @param ignoreClientNoCache action=ignore-client-no-cache or ignore-no-cache
     * @param ignoreServerNoCache action=ignore-server-no-cache or ignore-no-cache
     * @param cookies             the last cache-responses-to-cookies tweak, or null
     * @param lines               the line numbers that matched, in order
     */
    public record Match(CacheDirectives directives, boolean ignoreClientNoCache, boolean ignoreServerNoCache,
            Integer cookies, List<Integer> lines) {
        public static final Match NONE = new Match(CacheDirectives.NONE, false, false, null, List.of());

        public Match {
            lines = List.copyOf(lines);
        }

        /** The settings for this request: {@code base} with what the rules say; {@code base} itself if nothing matched. */
        public CacheSettings applyTo(CacheSettings base) {
            if (lines.isEmpty()) {
                return base;
            }
            CacheSettings.Builder b = base.toBuilder().directives(directives);
            if (ignoreClientNoCache) {
                b.ignoreClientNoCache(true);
            }
            if (ignoreServerNoCache) {
                b.ignoreServerNoCache(true);
            }
            if (cookies != null) {
                b.cacheResponsesToCookies(cookies);
            }
            return b.build();
        }
    }
}
