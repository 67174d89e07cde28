package org.edgecache.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.edgecache.http.HttpFields;

/**
 * Reads ATS's {@code update.config}: one entry a line,
 *
 * <pre>
 * URL\request headers\offset hour\interval\recursion depth\
 * http://www.example.com/index.html\User-Agent: edgecache;Accept-Language: en\13\3600\2\
 * </pre>
 *
 * <p>Each of the five fields ends with a backslash (ATS also accepts a line whose last backslash is missing).
 * Request headers are {@code Name: value} pairs separated by {@code ;} (so a value cannot hold a {@code ;}), or
 * empty. The offset hour is 0-23, the interval 1 to {@value #MAX_INTERVAL_SECONDS} seconds, the depth 0 to
 * {@value #MAX_DEPTH}. Lines starting with {@code #}, and blank lines, are skipped. A URL may appear once.
 */
public final class UpdateConfig {
    public static final int MAX_INTERVAL_SECONDS = 86_400;
    public static final int MAX_DEPTH = 64;

    private UpdateConfig() {
    }

    /**
     * @param source names the file in messages
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first bad line
     */
    public static List<UpdateEntry> parse(String source, List<String> lines) {
        List<UpdateEntry> out = new ArrayList<>();
        Map<URI, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            UpdateEntry e;
            try {
                e = entry(line, i + 1);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + ex.getMessage());
            }
            Integer earlier = seen.putIfAbsent(e.url(), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": the URL " + e.url()
                        + " is already listed on line " + earlier);
            }
            out.add(e);
        }
        return List.copyOf(out);
    }

    private static UpdateEntry entry(String line, int number) {
        String[] f = line.split("\\\\", -1);
        // "a\b\c\d\e\" splits into 6 parts, the last empty; "a\b\c\d\e" into 5
        if (f.length == 6 && f[5].strip().isEmpty()) {
            f = java.util.Arrays.copyOf(f, 5);
        }
        if (f.length != 5) {
            throw new IllegalArgumentException("expected 5 fields ending in '\\' (URL\\headers\\offset hour"
                    + "\\interval\\depth\\), found " + (f.length == 6 ? "more" : Integer.toString(f.length)));
        }
        URI url = url(f[0].strip());
        HttpFields headers = headers(f[1].strip());
        int hour = number(f[2], "offset hour", 0, 23);
        int interval = number(f[3], "interval", 1, MAX_INTERVAL_SECONDS);
        int depth = number(f[4], "recursion depth", 0, MAX_DEPTH);
        return new UpdateEntry(url, headers, hour, Duration.ofSeconds(interval), depth, number);
    }

    private static URI url(String s) {
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s + "' is not a URL: " + e.getReason());
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + s + "' is not an absolute http:// or https:// URL with a host"
                    + " and without a fragment");
        }
        return u;
    }

    private static HttpFields headers(String s) {
        HttpFields.Builder b = HttpFields.builder();
        if (s.isEmpty()) {
            return b.build();
        }
        for (String h : s.split(";", -1)) {
            String t = h.strip();
            int colon = t.indexOf(':');
            if (colon <= 0 || !t.substring(0, colon).chars().allMatch(UpdateConfig::tokenChar)) {
                throw new IllegalArgumentException("request header '" + t + "' is not 'Name: value'"
                        + " (headers are separated by ';')");
            }
            String value = t.substring(colon + 1).strip();
            if (value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new IllegalArgumentException("request header '" + t + "' has a control character");
            }
            b.add(t.substring(0, colon), value);
        }
        return b.build();
    }

    private static boolean tokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static int number(String raw, String what, int min, int max) {
        String s = raw.strip();
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a whole number from " + min + " to " + max);
        }
        int n = Integer.parseInt(s);
        if (n < min || n > max) {
            throw new IllegalArgumentException(what + " " + n + " is outside " + min + ".." + max);
        }
        return n;
    }
}
