package org.edgecache.web;

import java.util.Locale;

import org.apache.hc.core5.http.ContentLengthStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.impl.DefaultContentLengthStrategy;

/**
 * How long an origin response's body is (RFC 9112 §6.3): chunked when chunked is the final transfer coding; read
 * until the origin closes when a Transfer-Encoding ends in anything else (HttpClient's default strategy refuses
 * such a response outright); else Content-Length, as HttpClient decides it.
 */
final class OriginBodyLength implements ContentLengthStrategy {
    static final OriginBodyLength INSTANCE = new OriginBodyLength();

    @Override
    public long determineLength(HttpMessage message) throws HttpException {
        Header[] codings = message.getHeaders("Transfer-Encoding");
        if (codings.length > 0) {
            String last = codings[codings.length - 1].getValue();
            int comma = last.lastIndexOf(',');
            String finalCoding = (comma >= 0 ? last.substring(comma + 1) : last).trim().toLowerCase(Locale.ROOT);
            return finalCoding.equals("chunked") ? CHUNKED : UNDEFINED;
        }
        return DefaultContentLengthStrategy.INSTANCE.determineLength(message);
    }
}
