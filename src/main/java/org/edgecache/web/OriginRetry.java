package org.edgecache.web;

import java.io.IOException;
import java.util.Set;

import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * The one retry a proxy owes its clients (RFC 9112 §9.3.1): a safe request without a body, sent on a pooled
 * connection that the origin had closed meanwhile (so no response came at all), goes again on another
 * connection — up to {@link #MAX_ATTEMPTS} attempts in all, because an origin that closes idle connections tends to
 * close several at once and the next pooled one may be dead too. Nothing else is ever retried: not a request with
 * a body, not a failure on a connection that had never served a request (a fresh one), not an answer of any status.
 */
final class OriginRetry implements HttpRequestRetryStrategy {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    static final int MAX_ATTEMPTS = 3;

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        if (execCount >= MAX_ATTEMPTS || !(exception instanceof NoHttpResponseException)
                || !SAFE.contains(request.getMethod())) {
            return false;
        }
        if (request instanceof ClassicHttpRequest classic && classic.getEntity() != null) {
            return false;
        }
        EndpointDetails connection = HttpClientContext.castOrCreate(context).getEndpointDetails();
        return connection != null && connection.getRequestCount() > 1;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return false;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return TimeValue.ZERO_MILLISECONDS;
    }
}
