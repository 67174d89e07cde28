package org.edgecache.web;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.edgecache.policy.RangeStatusSwap;

/**
 * cache_range_requests' client leg (ATS's SEND_RESPONSE_HDR hook): the cache answers the hidden-Range request with
 * a 200 (from the store, or the origin's swapped 206), and the client gets the 206 with its {@code Content-Range}.
 * The status is worked out again whenever the status or {@code Content-Range} is set, so it is right whenever the
 * container commits the head.
 */
final class RangeClientResponse extends HttpServletResponseWrapper {
    private final RangeOriginAdapter origin;
    private int status = SC_OK;
    private boolean contentRange;

    RangeClientResponse(HttpServletResponse clientResponse, RangeOriginAdapter origin) {
        super(clientResponse);
        this.origin = origin;
    }

    private void apply() {
        super.setStatus(RangeStatusSwap.clientStatus(status, origin.verdict(), contentRange));
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
        apply();
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, value);
        if ("Content-Range".equalsIgnoreCase(name)) {
            contentRange = value != null;
            apply();
        }
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value);
        if ("Content-Range".equalsIgnoreCase(name) && value != null) {
            contentRange = true;
            apply();
        }
    }

    @Override
    public void reset() {
        super.reset();
        status = SC_OK;
        contentRange = false;
    }
}
