package org.edgecache.web;

/** Maps a client request-target onto the origin's path, keeping path and query byte for byte. */
final class OriginTarget {
    private OriginTarget() {
    }

    /**
     * @param rawRequestUri the client's request path as received (not decoded)
     * @param rawQuery      the client's query as received, or null
     * @param stripPrefix   context path plus the servlet's prefix, removed from the front of the path
     * @param originBase    the origin's base path without a trailing slash ("" for the root)
     * @return the origin request-target, or null when the path is not below the prefix
     */
    static String path(String rawRequestUri, String rawQuery, String stripPrefix, String originBase) {
        if (!rawRequestUri.startsWith(stripPrefix)) {
            return null;
        }
        String rest = rawRequestUri.substring(stripPrefix.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            return null;
        }
        StringBuilder target = new StringBuilder(originBase).append(rest);
        if (target.length() == 0) {
            target.append('/');
        }
        if (rawQuery != null) {
            target.append('?').append(rawQuery);
        }
        return target.toString();
    }
}
