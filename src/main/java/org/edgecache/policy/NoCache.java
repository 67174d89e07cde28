package org.edgecache.policy;

import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;

/**
 * Does a message say no-cache? Cache-Control {@code no-cache} in either form, or {@code Pragma:
 * no-cache} when the message has no Cache-Control at all (RFC 9111 §5.4 keeps Pragma only for HTTP/1.0
 * compatibility; ATS reads it the same way in responses).
 */
final class NoCache {

    private NoCache() {
    }

    static boolean inRequest(HttpFields requestHeaders, CacheControl requestCc) {
        return requestCc.noCache() || pragmaOnly(requestHeaders);
    }

    static boolean inResponse(HttpFields responseHeaders, CacheControl responseCc) {
        return responseCc.noCache() || pragmaOnly(responseHeaders);
    }

    private static boolean pragmaOnly(HttpFields headers) {
        if (headers.contains("Cache-Control")) {
            return false;
        }
        for (String p : headers.getCsv("Pragma")) {
            if (p.equalsIgnoreCase("no-cache")) {
                return true;
            }
        }
        return false;
    }
}
