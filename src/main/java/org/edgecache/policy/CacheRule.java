package org.edgecache.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One line of a cache.config file: a primary destination and optional secondary specifiers (all of which must
 * hold for the line to match), one directive, and optionally the {@code cache-responses-to-cookies} tweak.
 * Built by {@link CacheRulesParser}.
 */
public final class CacheRule {

    /** The directives of ATS's cache.config. */
    public enum Directive {
        NEVER_CACHE("action=never-cache"),
        /** Undocumented in ATS: cancels a never-cache of an earlier line. */
        STANDARD_CACHE("action=standard-cache"),
        IGNORE_NO_CACHE("action=ignore-no-cache"),
        IGNORE_CLIENT_NO_CACHE("action=ignore-client-no-cache"),
        IGNORE_SERVER_NO_CACHE("action=ignore-server-no-cache"),
        REVALIDATE("revalidate"),
        PIN_IN_CACHE("pin-in-cache"),
        TTL_IN_CACHE("ttl-in-cache");

        private final String spelling;

        Directive(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /** One test a request must pass: the primary destination or a secondary specifier. */
    record Condition(String name, String value, Predicate<RuleRequest> test) {
    }

    private final int line;
    private final String text;
    private final List<Condition> conditions;
    private final Directive directive;
    private final Duration argument;
    private final Integer cookies;

    CacheRule(int line, String text, List<Condition> conditions, Directive directive, Duration argument,
            Integer cookies) {
        this.line = line;
        this.text = Objects.requireNonNull(text);
        this.conditions = List.copyOf(conditions);
        this.directive = Objects.requireNonNull(directive);
        this.argument = argument;
        this.cookies = cookies;
    }

    /** The line number in the file (1-based). */
    public int line() {
        return line;
    }

    /** The line as written (trimmed). */
    public String text() {
        return text;
    }

    public Directive directive() {
        return directive;
    }

    /** The duration of revalidate, pin-in-cache and ttl-in-cache; null for the actions. */
    public Duration argument() {
        return argument;
    }

    /** The cache-responses-to-cookies tweak, or null. */
    public Integer cookies() {
        return cookies;
    }

    public boolean matches(RuleRequest request) {
        for (Condition c : conditions) {
            if (!c.test().test(request)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return line + ": " + text;
    }
}
