package org.edgecache.web;

import java.util.Locale;

import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * How long a pooled origin connection may be reused: a second less than the origin's own {@code Keep-Alive:
 * timeout=N} (so we never send a request on a connection the origin is closing at that moment, which would fail
 * with no response), and never longer than the servlet's {@code idleTimeout}.
 */
final class OriginKeepAlive implements ConnectionKeepAliveStrategy {
    private static final long MARGIN_MILLIS = 1000;

    private final long idleTimeoutMillis;

    OriginKeepAlive(long idleTimeoutMillis) {
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    @Override
    public TimeValue getKeepAliveDuration(HttpResponse response, HttpContext context) {
        return TimeValue.ofMilliseconds(millis(response.getHeaders("Keep-Alive"), idleTimeoutMillis));
    }

    /** The reuse window from Keep-Alive field values and the configured idle timeout. */
    static long millis(Header[] keepAlive, long idleTimeoutMillis) {
        long limit = idleTimeoutMillis;
        for (Header h : keepAlive) {
            for (String param : h.getValue().split(",")) {
                String p = param.trim().toLowerCase(Locale.ROOT);
                if (p.startsWith("timeout=")) {
                    try {
                        long seconds = Long.parseLong(p.substring(8).trim());
                        limit = Math.min(limit, Math.max(0, seconds * 1000 - MARGIN_MILLIS));
                    } catch (NumberFormatException ignored) {
                        // not a number: the configured idle timeout applies
                    }
                }
            }
        }
        return limit;
    }
}
