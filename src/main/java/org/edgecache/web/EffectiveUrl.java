package org.edgecache.web;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The absolute URL an {@link OriginProxyServlet} forwards a request to: ATS's post-remap "effective URL"
 * ({@code http://origin:8080/obj?x=1}), the origin's scheme and authority plus the request-target the servlet
 * sends, byte for byte.
 */
final class EffectiveUrl {
    private final String schemeAndAuthority;
    private final String prefix;
    private final String originBasePath;

    EffectiveUrl(OriginConfig config) {
        URI to = config.proxyTo();
        String scheme = to.getScheme().toLowerCase(Locale.ROOT);
        String host = to.getHost().toLowerCase(Locale.ROOT);
        this.schemeAndAuthority = scheme + "://" + host + (to.getPort() < 0 ? "" : ":" + to.getPort());
        this.prefix = config.prefix();
        String base = to.getRawPath() == null ? "" : to.getRawPath();
        this.originBasePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The URL, or null when the servlet would refuse the request (its path is not below the prefix). */
    String of(HttpServletRequest request) {
        String target = OriginTarget.path(request.getRequestURI(), request.getQueryString(),
                request.getContextPath() + prefix, originBasePath);
        return target == null ? null : schemeAndAuthority + target;
    }
}
