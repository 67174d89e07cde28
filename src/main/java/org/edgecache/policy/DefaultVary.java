package org.edgecache.policy;

import java.util.List;
import java.util.Locale;
import org.edgecache.http.HttpFields;
import org.edgecache.http.Vary;

/**
 * Which request fields select this response's alternate? The response's own Vary when it has one; otherwise,
 * with {@code enable_default_vary_headers}, the {@code vary_default_text}, {@code vary_default_images} or
 * {@code vary_default_other} list chosen by the major type of its Content-Type (seed "Caching HTTP Alternates";
 * ATS ≤ 8 {@code HttpTransactCache}, ATS behaviour §5.9). The default list only selects the stored alternate:
 * no Vary field is added to the response.
 */
public final class DefaultVary {

    private DefaultVary() {
    }

    /** Lower-cased field names, as {@link Vary#fieldNames(HttpFields)}. */
    public static List<String> fieldNames(HttpFields responseHeaders, CacheSettings s) {
        if (responseHeaders.contains("Vary") || !s.enableDefaultVaryHeaders()) {
            return Vary.fieldNames(responseHeaders);
        }
        String type = responseHeaders.get("Content-Type");
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("text/")) {
            return s.varyDefaultText();
        }
        if (t.startsWith("image/")) {
            return s.varyDefaultImages();
        }
        return s.varyDefaultOther();
    }
}
