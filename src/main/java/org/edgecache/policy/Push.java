package org.edgecache.policy;

import java.time.Instant;
import java.util.Objects;

import org.edgecache.http.HopByHop;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * May a pushed response be stored, and how is it stored? (seed 003 "Pushing Content into the Cache"; ATS behaviour
 * §5.16). A PUSH is judged as the GET of the same URL with the PUSH request's header fields would be, and the
 * pushed response as if the origin had sent it.
 */
public final class Push {

    /** ATS's reasons for refusing a push with 400 (its reason phrases; edgecache sends them as the body). */
    public enum Refusal {
        /** The request has no usable Content-Length, or the pushed head is longer than it. */
        BAD_CONTENT_LENGTH("Bad Content Length"),
        MALFORMED_HEADER("Malformed Pushed Response Header"),
        /** The URL may not use the cache (e.g. a dynamic-looking URL with cache_urls_that_look_dynamic=0). */
        REQUEST_NOT_CACHEABLE("Request Not Cacheable"),
        /** The cache's policy would not store this response (Storability). */
        RESPONSE_NOT_CACHEABLE("Response Not Cacheable"),
        /** The store refused the object (e.g. its head too large), or the body broke off. */
        CACHE_WRITE_FAILED("Cache Write Failed");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * @param refusal null when the pushed response may be stored
     * @param detail  the policy's reason in words (a {@link Lookup} or {@link Storability} verdict), or null
     */
    public record Verdict(Refusal refusal, String detail) {
        public boolean storable() {
            return refusal == null;
        }
    }

    private static final Verdict STORABLE = new Verdict(null, null);

    private Push() {
    }

    /**
     * @param target          the PUSH request-target (origin or absolute form)
     * @param requestHeaders  the PUSH request's header fields (Cookie, Authorization, Cache-Control count)
     * @param status          the pushed status code
     * @param pushedHeaders   the pushed response's header fields
     */
    public static Verdict cacheability(String target, HttpFields requestHeaders, int status, HttpFields pushedHeaders,
            CacheSettings s) {
        Lookup.Verdict lookup = Lookup.decide("GET", target, s);
        if (!lookup.lookup()) {
            return new Verdict(Refusal.REQUEST_NOT_CACHEABLE, lookup.name());
        }
        Storability.Verdict storable = Storability.decide("GET", requestHeaders, status, pushedHeaders, s);
        if (!storable.storable()) {
            return new Verdict(Refusal.RESPONSE_NOT_CACHEABLE, storable.name());
        }
        return STORABLE;
    }

    /**
     * The length of the pushed body: what follows the head up to the request's Content-Length (ATS stores exactly
     * those bytes). -1 when the request has no Content-Length (a chunked request: the body runs to its end).
     *
     * @return the body length, -1 for unknown, or -2 when the head is longer than the request's Content-Length
     */
    public static long bodyLength(long requestContentLength, int headLength) {
        if (requestContentLength < 0) {
            return -1;
        }
        long body = requestContentLength - headLength;
        return body < 0 ? -2 : body;
    }

    /**
     * The header fields to store, as if the origin had sent the response through the proxy: hop-by-hop fields (and
     * those named in Connection) dropped; Content-Length set to the length of the body actually pushed, or dropped
     * when that is unknown (ATS stores the bytes that follow the head and serves them with the stored object's
     * size, whatever the pushed Content-Length said: the seed's own example declares 17 and carries 20); a Date
     * added when there is none (RFC 9110 §6.6.1).
     *
     * @param bodyLength the pushed body's length, or -1 when unknown
     */
    public static HttpFields storedHeaders(HttpFields pushedHeaders, long bodyLength, Instant now) {
        Objects.requireNonNull(now, "now");
        HttpFields stripped = HopByHop.strip(pushedHeaders);
        HttpFields out = bodyLength >= 0 ? stripped.with("Content-Length", Long.toString(bodyLength))
                : stripped.without("Content-Length");
        if (!out.contains("Date")) {
            out = out.with("Date", HttpDates.format(now));
        }
        return out;
    }
}
