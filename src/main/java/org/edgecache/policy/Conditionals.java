package org.edgecache.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.edgecache.http.EntityTag;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * Client preconditions evaluated against a stored (or about to be served) response (RFC 9110 §13.1,
 * §13.2.2, RFC 9111 §4.3.2).
 *
 * <p>Order (§13.2.2): If-Match; else If-Unmodified-Since; then If-None-Match; else If-Modified-Since
 * (GET/HEAD only). Preconditions are ignored when the response would not be 2xx (§13.2.1). A field
 * whose value cannot be parsed is ignored. Dates compare against Last-Modified; a response without
 * Last-Modified ignores If-Unmodified-Since (§13.1.4) and, for If-Modified-Since, uses its Date instead
 * (RFC 9111 §4.3.2), and with neither the condition is not met (the full response is sent).
 *
 * <p>RFC 9111 §4.3.2 says If-Match and If-Unmodified-Since are "not applicable to a cache": a caller
 * that wants that strictness forwards requests for which {@link #hasOriginOnlyPreconditions} is true.
 */
public final class Conditionals {

    public enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private Conditionals() {
    }

    /** Evaluates against a stored 200 response. */
    public static Outcome evaluate(String method, HttpFields requestHeaders, HttpFields storedResponseHeaders) {
        return evaluate(method, requestHeaders, 200, storedResponseHeaders);
    }

    public static Outcome evaluate(String method, HttpFields requestHeaders, int storedStatus,
                                   HttpFields storedResponseHeaders) {
        if (storedStatus < 200 || storedStatus > 299) {
            return Outcome.PROCEED;
        }
        if (!hasPreconditions(requestHeaders)) {
            return Outcome.PROCEED;
        }
        boolean getOrHead = method.equals("GET") || method.equals("HEAD");
        Optional<EntityTag> etag = EntityTag.parse(storedResponseHeaders.get("ETag"));
        Optional<Instant> lastModified = date(storedResponseHeaders.get("Last-Modified"));

        List<EntityTag> ifMatch = EntityTag.parseAll(requestHeaders.getAll("If-Match"));
        if (!ifMatch.isEmpty()) {
            if (!anyMatch(ifMatch, etag, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            Optional<Instant> ius = date(requestHeaders.get("If-Unmodified-Since"));
            if (ius.isPresent() && lastModified.isPresent() && lastModified.get().isAfter(ius.get())) {
                return Outcome.PRECONDITION_FAILED;
            }
        }

        List<EntityTag> ifNoneMatch = EntityTag.parseAll(requestHeaders.getAll("If-None-Match"));
        if (!ifNoneMatch.isEmpty()) {
            if (anyMatch(ifNoneMatch, etag, false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
            return Outcome.PROCEED;
        }
        if (getOrHead) {
            Optional<Instant> ims = date(requestHeaders.get("If-Modified-Since"));
            Optional<Instant> reference = lastModified.isPresent() ? lastModified
                    : date(storedResponseHeaders.get("Date"));
            if (ims.isPresent() && reference.isPresent() && !reference.get().isAfter(ims.get())) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /** Whether the request carries any precondition this class evaluates. */
    public static boolean hasPreconditions(HttpFields requestHeaders) {
        for (HttpFields.Field f : requestHeaders) {
            if (f.is("If-Match") || f.is("If-None-Match") || f.is("If-Modified-Since")
                    || f.is("If-Unmodified-Since")) {
                return true;
            }
        }
        return false;
    }

    /** If-Match or If-Unmodified-Since: preconditions RFC 9111 §4.3.2 leaves to the origin. */
    public static boolean hasOriginOnlyPreconditions(HttpFields requestHeaders) {
        return requestHeaders.contains("If-Match") || requestHeaders.contains("If-Unmodified-Since");
    }

    /**
     * If-Range (RFC 9110 §13.1.5): an entity-tag matches only a strong, identical stored ETag; a date
     * matches only a Last-Modified that is exactly equal and strong (§8.8.2.2: the stored Date is at
     * least one second after it). Anything else, including an unparseable value, does not match.
     */
    public static boolean ifRangeMatches(String ifRangeValue, HttpFields storedHeaders) {
        if (ifRangeValue == null) {
            return false;
        }
        String v = ifRangeValue.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            Optional<EntityTag> asked = EntityTag.parse(v);
            Optional<EntityTag> stored = EntityTag.parse(storedHeaders.get("ETag"));
            return asked.isPresent() && stored.isPresent() && asked.get().strongMatches(stored.get());
        }
        Optional<Instant> asked = date(v);
        Optional<Instant> lastModified = date(storedHeaders.get("Last-Modified"));
        Optional<Instant> date = date(storedHeaders.get("Date"));
        return asked.isPresent() && lastModified.isPresent() && date.isPresent()
                && asked.get().equals(lastModified.get())
                && !date.get().isBefore(lastModified.get().plusSeconds(1));
    }

    private static boolean anyMatch(List<EntityTag> tags, Optional<EntityTag> current, boolean strong) {
        for (EntityTag t : tags) {
            if (t.isAny()) {
                return true;
            }
            if (current.isPresent() && (strong ? t.strongMatches(current.get()) : t.weakMatches(current.get()))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Instant> date(String value) {
        return value == null ? Optional.empty() : HttpDates.parse(value);
    }
}
