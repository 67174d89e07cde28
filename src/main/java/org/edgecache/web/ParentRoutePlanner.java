package org.edgecache.web;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes an origin request through the parent proxy named in its context ({@link #PARENT}), and every other one
 * straight to its origin. Never a system or environment proxy setting: edgecache only ever connects to configured
 * origins and configured parents.
 */
final class ParentRoutePlanner extends DefaultRoutePlanner {
    /** The context attribute holding the parent ({@link HttpHost}) to go through. */
    static final String PARENT = "org.edgecache.parent";

    ParentRoutePlanner() {
        super(DefaultSchemePortResolver.INSTANCE);
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        return context.getAttribute(PARENT) instanceof HttpHost parent ? parent : null;
    }
}
