package org.edgecache.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.edgecache.http.HttpFields;

/**
 * Which stored URLs an unsafe request invalidates (RFC 9111 §4.4): on a 2xx or 3xx answer to a method
 * that is not known to be safe, the target URI, plus the URIs in Location and Content-Location when
 * they have the same origin (scheme, host, port) as the target. Relative references are resolved
 * against the target. An error status invalidates nothing.
 */
public final class Invalidation {

    /** Methods RFC 9110 §9.2.1 defines as safe; every other method, known or not, counts as unsafe. */
    public static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private Invalidation() {
    }

    public static boolean isUnsafe(String method) {
        return !SAFE_METHODS.contains(method);
    }

    /**
     * The URIs to invalidate, the target first; Location / Content-Location as absolute URIs. Empty for
     * a safe method or a status outside 200–399.
     */
    public static List<String> urlsToInvalidate(String method, String requestUri, int status,
                                                HttpFields responseHeaders) {
        List<String> out = new ArrayList<>();
        if (!isUnsafe(method) || status < 200 || status > 399) {
            return out;
        }
        out.add(requestUri);
        URI target = parse(requestUri);
        if (target == null || !target.isAbsolute()) {
            return out;
        }
        for (String name : List.of("Location", "Content-Location")) {
            String value = responseHeaders.get(name);
            URI ref = value == null ? null : parse(value.strip());
            if (ref == null) {
                continue;
            }
            URI resolved = target.resolve(ref);
            String s = resolved.toString();
            if (sameOrigin(target, resolved) && !out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return switch (u.getScheme().toLowerCase(Locale.ROOT)) {
            case "http" -> 80;
            case "https" -> 443;
            default -> -1;
        };
    }

    private static URI parse(String s) {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
