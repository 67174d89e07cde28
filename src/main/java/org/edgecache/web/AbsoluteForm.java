package org.edgecache.web;

import java.util.Locale;

/**
 * Recognises a request whose absolute-form target (RFC 9112 §3.2.2) names a host other than the one the
 * client addressed: a forward-proxy request, which a reverse proxy must refuse rather than answer from its origin.
 */
final class AbsoluteForm {
    private AbsoluteForm() {
    }

    /**
     * @param targetHost the host the container took from the request-target (or from Host for origin-form)
     * @param hostHeader the Host header as sent
     * @param originHost the configured origin's host
     */
    static boolean namesForeignHost(String targetHost, String hostHeader, String originHost) {
        if (targetHost == null || hostHeader == null) {
            return false;
        }
        String target = targetHost.toLowerCase(Locale.ROOT);
        if (target.equals(originHost.toLowerCase(Locale.ROOT))) {
            return false;
        }
        return !target.equals(hostOf(hostHeader).toLowerCase(Locale.ROOT));
    }

    private static String hostOf(String hostHeader) {
        String h = hostHeader.trim();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.indexOf(':');
        return colon >= 0 ? h.substring(0, colon) : h;
    }
}
