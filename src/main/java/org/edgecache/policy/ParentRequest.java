package org.edgecache.policy;

/**
 * What parent selection looks at in a request: the origin it is for, its target, method and client, and the key
 * a plugin set for parent selection.
 *
 * @param scheme    the origin's scheme, lower case
 * @param host      the origin's host
 * @param port      the origin's port
 * @param target    the origin request-target: path (starting with '/') and, after '?', the query
 * @param method    the request method
 * @param clientIp  the client's address as text (for {@code round_robin=true}), or ""
 * @param selectionKey the key set by cache_range_requests' {@code ps-cachekey}, or null
 */
public record ParentRequest(String scheme, String host, int port, String target, String method, String clientIp,
        String selectionKey) {

    /** The path part of the target. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query part of the target, or null. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? null : target.substring(q + 1);
    }

    /** {@code scheme://host:port/path?query}, what {@code url_regex} is searched in. */
    public String url() {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + target;
    }

    /**
     * The consistent-hash input: the {@code ps-cachekey} key when set; otherwise the path and, unless the rule
     * ignores it, the query (as ATS, which hashes {@code /path?query} without scheme and host).
     */
    public String hashInput(boolean ignoreQuery) {
        if (selectionKey != null) {
            return selectionKey;
        }
        return ignoreQuery ? path() : target;
    }
}
