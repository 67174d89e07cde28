package org.edgecache.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The inspector's "every object whose URL matches": a Java regular expression found anywhere in a cache key (the
 * request path and query, e.g. {@code /images/a.png?v=2}); anchor it with {@code ^} and {@code $} to match the
 * whole key.
 */
public final class CacheKeyPattern {
    /** The longest expression accepted. */
    public static final int MAX_LENGTH = 1000;

    private final Pattern pattern;

    private CacheKeyPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * Compiles an expression.
     *
     * @throws IllegalArgumentException with a message for the operator: empty, too long, or not a valid regular
     *                                  expression (with the reason and where)
     */
    public static CacheKeyPattern compile(String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("the regular expression is empty");
        }
        if (regex.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the regular expression is longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new CacheKeyPattern(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid regular expression: " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
        }
    }

    public boolean matches(String key) {
        return pattern.matcher(Objects.requireNonNull(key, "key")).find();
    }

    /** The keys, from {@code source}, that match: all of them, in the order seen. */
    public List<String> select(Consumer<Consumer<String>> source) {
        List<String> out = new ArrayList<>();
        source.accept(k -> {
            if (matches(k)) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
