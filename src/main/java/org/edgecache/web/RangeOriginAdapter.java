package org.edgecache.web;

import java.util.function.BooleanSupplier;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.policy.RangeStatusSwap;

/**
 * cache_range_requests' origin leg for one request (ATS's READ_RESPONSE_HDR hook): the origin's 206 is shown to the
 * cache as a 200 so it is stored under the range key, and anything that must not be stored there is marked
 * {@link OriginLeg#NO_STORE}. Remembers what it decided for {@link RangeClientResponse}.
 */
final class RangeOriginAdapter implements OriginLeg.ResponseAdapter {
    /** Whether the cache's own policy would store a 200 with these fields (for verify-cacheability). */
    interface Cacheability {
        boolean storableAs200(OriginLeg.ResponseHead head);
    }

    private final HttpServletRequest request;
    private final RangePluginOptions options;
    private final Cacheability cacheability;
    private volatile RangeStatusSwap.OriginVerdict verdict;

    RangeOriginAdapter(HttpServletRequest request, RangePluginOptions options, Cacheability cacheability) {
        this.request = request;
        this.options = options;
        this.cacheability = cacheability;
    }

    @Override
    public OriginLeg.ResponseHead adapt(OriginLeg.ResponseHead origin) {
        BooleanSupplier storable = () -> cacheability.storableAs200(new OriginLeg.ResponseHead(200, origin.headers()));
        RangeStatusSwap.OriginVerdict v = RangeStatusSwap.onOriginResponse(origin.status(),
                options.verifyCacheability(), options.cacheCompleteResponses(), storable);
        verdict = v;
        if (!v.mayStore()) {
            request.setAttribute(OriginLeg.NO_STORE, Boolean.TRUE);
        } else {
            request.removeAttribute(OriginLeg.NO_STORE);
        }
        return new OriginLeg.ResponseHead(v.status(origin.status()), origin.headers());
    }

    /** What the origin leg decided, or null when the origin has not answered (a hit, or no answer at all). */
    RangeStatusSwap.OriginVerdict verdict() {
        return verdict;
    }
}
