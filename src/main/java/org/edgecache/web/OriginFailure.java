package org.edgecache.web;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Why the origin could not give a response head, and the status the client gets for it.
 * Set as the request attribute {@link #ATTRIBUTE} so that the cache above can serve a stale copy instead.
 */
public enum OriginFailure {
    /** The connection was refused, or the host could not be resolved or reached: 502. */
    UNREACHABLE(502, "could not be reached"),
    /** No connection or no answer within the configured time: 504. */
    TIMEOUT(504, "did not answer in time"),
    /** The origin answered with something that is not a valid HTTP response, or closed without answering: 502. */
    BAD_RESPONSE(502, "sent an invalid response"),
    /** Not asked: congestion control says the origin is congested (see {@link OriginProtection}): 503. */
    CONGESTED(503, "is congested"),
    /** Not asked: a connection limit was reached and the wait for a connection ended: 503. */
    OVER_LIMIT(503, "has too many connections");

    public static final String ATTRIBUTE = "org.edgecache.origin.failure";

    private final int status;
    private final String words;

    OriginFailure(int status, String words) {
        this.status = status;
        this.words = words;
    }

    public int status() {
        return status;
    }

    public String words() {
        return words;
    }

    public static OriginFailure classify(IOException e) {
        if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
            return UNREACHABLE;
        }
        if (e instanceof InterruptedIOException) {
            return TIMEOUT;
        }
        return BAD_RESPONSE;
    }
}
