package org.edgecache.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The directives of every {@code Cache-Control} line of one message (RFC 9111 §5.2), in order.
 *
 * <p>Parsing rules (each is a choice recorded in docs/policy-notes.md):
 * <ul>
 *   <li>Members are split on commas outside quoted strings; names compare case-insensitively and are
 *       kept lower-cased; unknown directives are kept ({@link #has(String)}) and otherwise ignored.</li>
 *   <li>An argument may be a token or a quoted-string; quoted-strings are unquoted. RFC 9111 §5.2 says
 *       recipients "ought to accept both forms", so {@code max-age="3600"} means 3600.</li>
 *   <li>A member with whitespace around {@code =} ({@code max-age = 3600}) is not valid syntax. It is
 *       kept as an <em>invalid</em> directive of that name, so a response {@code max-age} written like
 *       that makes the response stale rather than silently fresh or heuristically fresh.</li>
 *   <li>delta-seconds (§1.2.2) must be ASCII digits only (leading zeros allowed); values above
 *       2147483648 are clamped to 2147483648. Anything else (negative, decimal, alpha, empty) is
 *       invalid.</li>
 *   <li>Response freshness directives ({@code max-age}, {@code s-maxage}): an invalid value, or two
 *       occurrences with different values, read as 0, i.e. stale (§4.2.1 allows "first occurrence or
 *       stale"; we pick stale), and {@link #invalidFreshness()} is true.</li>
 *   <li>Request-side limits with conflicting occurrences take the most restrictive value
 *       ({@code min-fresh}: the largest; {@code max-stale}, {@code stale-while-revalidate},
 *       {@code stale-if-error}: the smallest); an invalid value makes those directives absent.</li>
 * </ul>
 */
public final class CacheControl {

    /** Largest delta-seconds value a recipient keeps (RFC 9111 §1.2.2). */
    public static final long DELTA_SECONDS_MAX = 2147483648L;

    public static final CacheControl EMPTY = new CacheControl(List.of());

    /**
     * One directive. {@code value} is the unquoted argument, or null when there is none; {@code valid}
     * is false when the member was not well-formed (e.g. whitespace around '=').
     */
    public record Directive(String name, String value, boolean quoted, boolean valid) {
    }

    private final List<Directive> directives;

    private CacheControl(List<Directive> directives) {
        this.directives = directives;
    }

    /**
     * Parses every line of the field, e.g. {@code parse(fields.getAll("Cache-Control"))}. Never throws: a member that is
     * not a directive is skipped, one that is malformed is kept as an invalid directive.
     */
    public static CacheControl parse(List<String> fieldValues) {
        List<Directive> out = new ArrayList<>();
        for (String line : fieldValues) {
            List<String> members = new ArrayList<>();
            HttpFields.splitCsv(line, members);
            for (String member : members) {
                Directive d = directive(member);
                if (d != null) {
                    out.add(d);
                }
            }
        }
        return out.isEmpty() ? EMPTY : new CacheControl(Collections.unmodifiableList(out));
    }

    /** The Cache-Control of a header list. */
    public static CacheControl of(HttpFields fields) {
        return fields.cacheControl();
    }

    private static Directive directive(String member) {
        int eq = member.indexOf('=');
        if (eq < 0) {
            return isToken(member) ? new Directive(member.toLowerCase(Locale.ROOT), null, false, true) : null;
        }
        String rawName = member.substring(0, eq);
        String rawValue = member.substring(eq + 1);
        String name = rawName.strip().toLowerCase(Locale.ROOT);
        if (!isToken(name)) {
            return null;
        }
        boolean spaced = !rawName.equals(rawName.stripTrailing()) || !rawValue.equals(rawValue.stripLeading());
        String v = rawValue.strip();
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            String unq = unquote(v);
            return new Directive(name, unq == null ? v : unq, true, !spaced && unq != null);
        }
        return new Directive(name, v, false, !spaced && isToken(v));
    }

    /** The content of a quoted-string with quoted-pairs resolved, or null if it is not one. */
    static String unquote(String quoted) {
        StringBuilder sb = new StringBuilder(quoted.length());
        int end = quoted.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                if (i + 1 >= end) {
                    return null;
                }
                sb.append(quoted.charAt(++i));
            } else if (c == '"') {
                return null;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses delta-seconds (RFC 9111 §1.2.2): digits only, clamped to {@link #DELTA_SECONDS_MAX};
     * -1 if the text is not delta-seconds.
     */
    public static long deltaSeconds(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (n < DELTA_SECONDS_MAX) {
                n = n * 10 + (c - '0');
            }
        }
        return Math.min(n, DELTA_SECONDS_MAX);
    }

    public List<Directive> directives() {
        return directives;
    }

    public boolean isEmpty() {
        return directives.isEmpty();
    }

    /** Whether a directive of that name (any case, valid or not) is present. */
    public boolean has(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Directive d : directives) {
            if (d.name().equals(lower)) {
                return true;
            }
        }
        return false;
    }

    /** The unquoted argument of the first occurrence of the directive, if it has one. */
    public Optional<String> value(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (Directive d : directives) {
            if (d.name().equals(lower)) {
                return Optional.ofNullable(d.value());
            }
        }
        return Optional.empty();
    }

    /** {@code max-age}: 0 when invalid or conflicting (stale), empty when absent. */
    public OptionalLong maxAge() {
        return freshnessDelta("max-age");
    }

    /** {@code s-maxage}: 0 when invalid or conflicting (stale), empty when absent. */
    public OptionalLong sMaxAge() {
        return freshnessDelta("s-maxage");
    }

    /** True when {@code max-age} or {@code s-maxage} is present but invalid or conflicting. */
    public boolean invalidFreshness() {
        return freshnessInvalid("max-age") || freshnessInvalid("s-maxage");
    }

    /** Request {@code min-fresh}; conflicting values: the largest. */
    public OptionalLong minFresh() {
        return restrictiveDelta("min-fresh", true, -1);
    }

    /** Request {@code max-stale}; without a value it is {@link Long#MAX_VALUE}; conflicts: the smallest. */
    public OptionalLong maxStale() {
        return restrictiveDelta("max-stale", false, Long.MAX_VALUE);
    }

    /** {@code stale-while-revalidate} (RFC 5861); conflicts: the smallest. */
    public OptionalLong staleWhileRevalidate() {
        return restrictiveDelta("stale-while-revalidate", false, -1);
    }

    /** {@code stale-if-error} (RFC 5861); conflicts: the smallest. */
    public OptionalLong staleIfError() {
        return restrictiveDelta("stale-if-error", false, -1);
    }

    public boolean noStore() {
        return has("no-store");
    }

    /** {@code no-cache} in either form (bare, or qualified with field names). */
    public boolean noCache() {
        return has("no-cache");
    }

    /**
     * The field names of a qualified {@code no-cache="a, b"} (lower-case); empty for the bare form or
     * when absent. Policy treats a qualified no-cache like the bare one (always revalidate).
     */
    public List<String> noCacheFields() {
        return fieldList("no-cache");
    }

    /** {@code private} in either form. */
    public boolean isPrivate() {
        return has("private");
    }

    /** The field names of a qualified {@code private="a, b"} (lower-case). */
    public List<String> privateFields() {
        return fieldList("private");
    }

    public boolean isPublic() {
        return has("public");
    }

    public boolean mustRevalidate() {
        return has("must-revalidate");
    }

    public boolean proxyRevalidate() {
        return has("proxy-revalidate");
    }

    public boolean onlyIfCached() {
        return has("only-if-cached");
    }

    public boolean noTransform() {
        return has("no-transform");
    }

    public boolean immutable() {
        return has("immutable");
    }

    public boolean mustUnderstand() {
        return has("must-understand");
    }

    private OptionalLong freshnessDelta(String name) {
        long found = -2;
        for (Directive d : directives) {
            if (!d.name().equals(name)) {
                continue;
            }
            long v = d.valid() ? deltaSeconds(d.value()) : -1;
            if (v < 0 || (found >= 0 && found != v)) {
                return OptionalLong.of(0);
            }
            found = v;
        }
        return found >= 0 ? OptionalLong.of(found) : OptionalLong.empty();
    }

    private boolean freshnessInvalid(String name) {
        long found = -2;
        for (Directive d : directives) {
            if (!d.name().equals(name)) {
                continue;
            }
            long v = d.valid() ? deltaSeconds(d.value()) : -1;
            if (v < 0 || (found >= 0 && found != v)) {
                return true;
            }
            found = v;
        }
        return false;
    }

    private OptionalLong restrictiveDelta(String name, boolean largest, long noValue) {
        boolean any = false;
        long result = largest ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (Directive d : directives) {
            if (!d.name().equals(name)) {
                continue;
            }
            long v;
            if (d.value() == null && d.valid() && noValue >= 0) {
                v = noValue;
            } else {
                v = d.valid() ? deltaSeconds(d.value()) : -1;
            }
            if (v < 0) {
                return OptionalLong.empty();
            }
            any = true;
            result = largest ? Math.max(result, v) : Math.min(result, v);
        }
        return any ? OptionalLong.of(result) : OptionalLong.empty();
    }

    private List<String> fieldList(String name) {
        List<String> out = new ArrayList<>();
        for (Directive d : directives) {
            if (d.name().equals(name) && d.value() != null) {
                List<String> names = new ArrayList<>();
                HttpFields.splitCsv(d.value(), names);
                for (String n : names) {
                    out.add(n.toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheControl other && other.directives.equals(directives);
    }

    @Override
    public int hashCode() {
        return directives.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Directive d : directives) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.name());
            if (d.value() != null) {
                sb.append('=').append(d.quoted() ? '"' + d.value() + '"' : d.value());
            }
        }
        return sb.toString();
    }
}
