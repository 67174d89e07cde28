package org.edgecache.policy;

import java.util.Locale;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpFields;

/**
 * Do cookies keep this response out of the cache? ({@code proxy.config.http.cache.cache_responses_to_cookies},
 * seed "Caching Cookied Objects", ATS behaviour §5.6.) Cookies are "involved" when the request has
 * Cookie or the response has Set-Cookie; without either, cookies never block.
 *
 * <table>
 *   <caption>values</caption>
 *   <tr><td>0</td><td>nothing is cached when cookies are involved</td></tr>
 *   <tr><td>1</td><td>cookies are ignored</td></tr>
 *   <tr><td>2</td><td>only {@code Content-Type: image/*} is cached</td></tr>
 *   <tr><td>3</td><td>everything except {@code Content-Type: text/*} is cached (the seed's default)</td></tr>
 *   <tr><td>4</td><td>as 3, but text is cached when the response has no Set-Cookie or has {@code public}</td></tr>
 * </table>
 */
public final class Cookies {

    private Cookies() {
    }

    public static boolean preventCaching(HttpFields requestHeaders, HttpFields responseHeaders, int setting) {
        boolean cookie = requestHeaders.contains("Cookie");
        boolean setCookie = responseHeaders.contains("Set-Cookie");
        if (!cookie && !setCookie) {
            return false;
        }
        String type = mediaType(responseHeaders);
        return switch (setting) {
            case 0 -> true;
            case 1 -> false;
            case 2 -> !type.startsWith("image/");
            case 3 -> type.startsWith("text/");
            case 4 -> type.startsWith("text/") && setCookie && !CacheControl.of(responseHeaders).isPublic();
            default -> throw new IllegalArgumentException("cache_responses_to_cookies = " + setting);
        };
    }

    private static String mediaType(HttpFields responseHeaders) {
        String ct = responseHeaders.get("Content-Type");
        return ct == null ? "" : ct.strip().toLowerCase(Locale.ROOT);
    }
}
