package org.edgecache.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.internal.StringUtil;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The links of an HTML page that a scheduled update follows, found with a real HTML parser (jsoup): the tag and
 * attribute pairs ATS's scheduled update followed ({@code a href}, {@code img src}, {@code img href}, {@code body
 * background}, {@code frame src}, {@code iframe src}, {@code fig src}, {@code overlay src}, {@code applet code},
 * {@code script src}, {@code embed src}, {@code bgsound src}, {@code area href}, the URL of a {@code meta
 * http-equiv=refresh}), plus {@code link href} (style sheets, icons). {@code base href} sets the base URI, as in a
 * browser. Links are resolved, their fragments dropped, and only http and https URIs kept, in document order
 * without repeats.
 */
public final class HtmlLinks {
    private static final String[][] PAIRS = {
        {"a", "href"}, {"img", "src"}, {"img", "href"}, {"body", "background"}, {"frame", "src"},
        {"iframe", "src"}, {"fig", "src"}, {"overlay", "src"}, {"applet", "code"}, {"script", "src"},
        {"embed", "src"}, {"bgsound", "src"}, {"area", "href"}, {"link", "href"},
    };

    private HtmlLinks() {
    }

    /**
     * @param html    the page's bytes
     * @param charset the charset named by the response's Content-Type, or null to let the parser detect it (BOM,
     *                {@code meta charset}, else UTF-8)
     * @param page    the page's own absolute URI, the base for relative links
     * @return the absolute http(s) links without fragments; never throws for any bytes or charset name (an unknown
     *         charset is detected as if none was named)
     */
    public static List<URI> extract(byte[] html, String charset, URI page) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(html), charset, page.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException unsupportedCharset) {
            return extract(html, null, page);
        }
        Set<URI> out = new LinkedHashSet<>();
        String selector = String.join(", ", java.util.Arrays.stream(PAIRS)
                .map(p -> p[0] + "[" + p[1] + "]").toList()) + ", meta[http-equiv][content]";
        for (Element e : doc.select(selector)) {
            String abs;
            if (e.normalName().equals("meta")) {
                if (!e.attr("http-equiv").equalsIgnoreCase("refresh")) {
                    continue;
                }
                String target = refreshTarget(e.attr("content"));
                abs = target == null ? "" : StringUtil.resolve(e.baseUri(), target);
            } else {
                abs = e.absUrl(attributeOf(e));
            }
            URI u = httpUri(abs);
            if (u != null) {
                out.add(u);
            }
        }
        return List.copyOf(out);
    }

    private static String attributeOf(Element e) {
        for (String[] p : PAIRS) {
            if (e.normalName().equals(p[0]) && e.hasAttr(p[1])) {
                return p[1];
            }
        }
        return "";
    }

    /** The URL of a refresh {@code content} ({@code 5; url=/next}), or null. */
    static String refreshTarget(String content) {
        int semi = content.indexOf(';');
        if (semi < 0) {
            return null;
        }
        String rest = content.substring(semi + 1).trim();
        if (rest.regionMatches(true, 0, "url", 0, 3)) {
            rest = rest.substring(3).trim();
            if (!rest.startsWith("=")) {
                return null;
            }
            rest = rest.substring(1).trim();
        }
        if (rest.length() >= 2 && (rest.charAt(0) == '\'' || rest.charAt(0) == '"')
                && rest.charAt(rest.length() - 1) == rest.charAt(0)) {
            rest = rest.substring(1, rest.length() - 1);
        }
        return rest.isEmpty() ? null : rest;
    }

    /** The absolute http(s) URI without its fragment, or null. */
    private static URI httpUri(String abs) {
        if (abs.isEmpty()) {
            return null;
        }
        try {
            URI u = new URI(abs);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
                return null;
            }
            return u.getRawFragment() == null ? u
                    : new URI(abs.substring(0, abs.indexOf('#')));
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
