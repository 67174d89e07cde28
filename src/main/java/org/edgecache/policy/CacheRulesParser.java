package org.edgecache.policy;

import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads ATS's cache.config syntax (ATS behaviour §5.15; ATS {@code CacheControl.cc}, {@code ControlBase.cc}):
 *
 * <pre>
 * # comment
 * &lt;primary&gt;=&lt;value&gt; [&lt;secondary&gt;=&lt;value&gt; ...] &lt;directive&gt; [cache-responses-to-cookies=&lt;0-4&gt;]
 * </pre>
 *
 * <ul>
 * <li>primary destination, exactly one: {@code dest_domain} and its alias {@code dest_host} (the host or any
 * subdomain), {@code dest_ip} (the origin's address: one, a range {@code a-b}, or CIDR), {@code host_regex} (the
 * host, case-insensitive), {@code url_regex} (the whole effective URL); regexes match anywhere unless
 * anchored;</li>
 * <li>secondary specifiers, each at most once: {@code port} ({@code 80} or {@code 8000-8999}), {@code iport}
 * (the port the request came in on), {@code scheme} ({@code http}, {@code https}), {@code method}
 * (case-insensitive), {@code prefix} (of the path; leading slashes are ignored, as in ATS), {@code suffix} (of the
 * path, case-insensitive; a comma-separated list, {@code *} for any), {@code time} ({@code HH:MM[:SS]-HH:MM[:SS]},
 * inclusive, local time; a range that ends before it starts runs through midnight), {@code src_ip} (the client:
 * one, a range or CIDR), {@code internal} ({@code true}/{@code false});</li>
 * <li>one directive: {@code action=never-cache|standard-cache|ignore-no-cache|ignore-client-no-cache|
 * ignore-server-no-cache}, or {@code revalidate=}, {@code pin-in-cache=}, {@code ttl-in-cache=} with a duration
 * such as {@code 1d}, {@code 6h}, {@code 1h15m20s} or {@code 90} (seconds);</li>
 * <li>the tweak {@code cache-responses-to-cookies=0..4}.</li>
 * </ul>
 * Names are case-insensitive; a value may be written in double quotes (then it may hold spaces). Anything else
 * fails the whole file with the line number and the reason.
 */
public final class CacheRulesParser {

    private static final Set<String> PRIMARY = Set.of("dest_domain", "dest_host", "dest_ip", "host_regex",
            "url_regex");
    private static final Set<String> SECONDARY = Set.of("port", "iport", "scheme", "method", "prefix", "suffix",
            "time", "src_ip", "internal");
    private static final Set<String> DURATION_DIRECTIVES = Set.of("revalidate", "pin-in-cache", "ttl-in-cache");
    private static final String COOKIES = "cache-responses-to-cookies";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private CacheRulesParser() {
    }

    public static CacheRules parse(String text) throws CacheRulesException {
        List<CacheRule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(rule(i + 1, line));
            } catch (IllegalArgumentException e) {
                throw new CacheRulesException(i + 1, e.getMessage(), line);
            }
        }
        return new CacheRules(rules);
    }

    private static CacheRule rule(int number, String line) {
        Map<String, String> pairs = pairs(line);
        List<CacheRule.Condition> conditions = new ArrayList<>();
        String primary = null;
        CacheRule.Directive directive = null;
        String directiveLabel = null;
        Duration argument = null;
        Integer cookies = null;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String label = e.getKey();
            String value = e.getValue();
            if (PRIMARY.contains(label)) {
                if (primary != null) {
                    throw new IllegalArgumentException("two primary destinations (" + primary + " and " + label
                            + "); a line has exactly one");
                }
                primary = label;
                conditions.add(0, primaryCondition(label, value));
            } else if (SECONDARY.contains(label)) {
                conditions.add(secondaryCondition(label, value));
            } else if (label.equals("action") || DURATION_DIRECTIVES.contains(label)) {
                if (directive != null) {
                    throw new IllegalArgumentException("two directives (" + directiveLabel + " and " + label
                            + "); write each on its own line");
                }
                directiveLabel = label;
                if (label.equals("action")) {
                    directive = action(value);
                } else {
                    argument = duration(label, value);
                    directive = switch (label) {
                        case "revalidate" -> CacheRule.Directive.REVALIDATE;
                        case "pin-in-cache" -> CacheRule.Directive.PIN_IN_CACHE;
                        default -> CacheRule.Directive.TTL_IN_CACHE;
                    };
                }
            } else if (label.equals(COOKIES)) {
                cookies = cookies(value);
            } else if (label.equals("tag")) {
                throw new IllegalArgumentException("tag= is not supported (edgecache has no remap tags)");
            } else {
                throw new IllegalArgumentException("unknown name '" + label + "'; allowed: primary "
                        + "dest_domain, dest_host, dest_ip, host_regex, url_regex; secondary port, iport, scheme, "
                        + "method, prefix, suffix, time, src_ip, internal; directive action, revalidate, "
                        + "pin-in-cache, ttl-in-cache; tweak " + COOKIES);
            }
        }
        if (primary == null) {
            throw new IllegalArgumentException("no primary destination (dest_domain, dest_host, dest_ip, host_regex"
                    + " or url_regex)");
        }
        if (directive == null) {
            throw new IllegalArgumentException("no directive (action=..., revalidate=, pin-in-cache= or"
                    + " ttl-in-cache=)");
        }
        return new CacheRule(number, line, conditions, directive, argument, cookies);
    }

    /** The line's name=value pairs in order; names lower-cased; each name at most once. */
    private static Map<String, String> pairs(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            if (Character.isWhitespace(line.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && line.charAt(i) != '=' && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            String label = line.substring(start, i);
            if (i >= n || line.charAt(i) != '=') {
                throw new IllegalArgumentException("'" + label + "' is not name=value");
            }
            i++;
            String value;
            if (i < n && line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("the quoted value of " + label + " has no closing quote");
                }
                value = line.substring(i + 1, close);
                i = close + 1;
                if (i < n && !Character.isWhitespace(line.charAt(i))) {
                    throw new IllegalArgumentException("text right after the closing quote of " + label);
                }
            } else {
                int vs = i;
                while (i < n && !Character.isWhitespace(line.charAt(i))) {
                    i++;
                }
                value = line.substring(vs, i);
            }
            String key = label.toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("'=" + value + "' has no name");
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(label + "= has no value");
            }
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException(label + " is given twice");
            }
        }
        return out;
    }

    private static CacheRule.Condition primaryCondition(String label, String value) {
        switch (label) {
            case "dest_domain", "dest_host" -> {
                String domain = value.toLowerCase(Locale.ROOT);
                while (domain.startsWith(".")) {
                    domain = domain.substring(1);
                }
                while (domain.endsWith(".")) {
                    domain = domain.substring(0, domain.length() - 1);
                }
                if (domain.isEmpty()) {
                    throw new IllegalArgumentException(label + "=" + value + " names no domain");
                }
                String d = domain;
                return new CacheRule.Condition(label, value, r -> r.host().equals(d) || r.host().endsWith("." + d));
            }
            case "dest_ip" -> {
                IpRange range = ipRange(label, value);
                return new CacheRule.Condition(label, value, r -> range.contains(r.destIp()));
            }
            case "host_regex" -> {
                Pattern p = regex(label, value, Pattern.CASE_INSENSITIVE);
                return new CacheRule.Condition(label, value, r -> p.matcher(r.host()).find());
            }
            default -> {
                Pattern p = regex(label, value, 0);
                return new CacheRule.Condition(label, value, r -> p.matcher(r.url()).find());
            }
        }
    }

    private static CacheRule.Condition secondaryCondition(String label, String value) {
        switch (label) {
            case "port" -> {
                int[] range = portRange(label, value);
                return new CacheRule.Condition(label, value, r -> range[0] <= r.port() && r.port() <= range[1]);
            }
            case "iport" -> {
                int[] range = portRange(label, value);
                if (range[0] != range[1]) {
                    throw new IllegalArgumentException("iport=" + value + " must be one port");
                }
                return new CacheRule.Condition(label, value, r -> r.localPort() == range[0]);
            }
            case "scheme" -> {
                String scheme = value.toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new IllegalArgumentException("scheme=" + value + " is not http or https");
                }
                return new CacheRule.Condition(label, value, r -> r.scheme().equals(scheme));
            }
            case "method" -> {
                if (!TOKEN.matcher(value).matches()) {
                    throw new IllegalArgumentException("method=" + value + " is not a method name");
                }
                return new CacheRule.Condition(label, value, r -> r.method().equalsIgnoreCase(value));
            }
            case "prefix" -> {
                String prefix = stripSlashes(value);
                return new CacheRule.Condition(label, value, r -> stripSlashes(r.path()).startsWith(prefix));
            }
            case "suffix" -> {
                List<String> suffixes = new ArrayList<>();
                for (String s : value.split(",")) {
                    if (!s.isEmpty()) {
                        suffixes.add(s.toLowerCase(Locale.ROOT));
                    }
                }
                if (suffixes.isEmpty()) {
                    throw new IllegalArgumentException("suffix=" + value + " names no suffix");
                }
                boolean any = suffixes.equals(List.of("*"));
                return new CacheRule.Condition(label, value, r -> any
                        || suffixes.stream().anyMatch(s -> r.path().toLowerCase(Locale.ROOT).endsWith(s)));
            }
            case "time" -> {
                LocalTime[] range = timeRange(value);
                LocalTime from = range[0];
                LocalTime to = range[1];
                return new CacheRule.Condition(label, value, r -> {
                    LocalTime t = r.time().withNano(0);
                    return from.compareTo(to) <= 0 ? !t.isBefore(from) && !t.isAfter(to)
                            : !t.isBefore(from) || !t.isAfter(to);
                });
            }
            case "src_ip" -> {
                IpRange range = ipRange(label, value);
                return new CacheRule.Condition(label, value, r -> range.contains(r.srcIp()));
            }
            default -> {
                boolean flag;
                if (value.equalsIgnoreCase("true")) {
                    flag = true;
                } else if (value.equalsIgnoreCase("false")) {
                    flag = false;
                } else {
                    throw new IllegalArgumentException("internal=" + value + " is not true or false");
                }
                return new CacheRule.Condition(label, value, r -> r.internal() == flag);
            }
        }
    }

    private static CacheRule.Directive action(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "never-cache" -> CacheRule.Directive.NEVER_CACHE;
            case "standard-cache" -> CacheRule.Directive.STANDARD_CACHE;
            case "ignore-no-cache" -> CacheRule.Directive.IGNORE_NO_CACHE;
            case "ignore-client-no-cache" -> CacheRule.Directive.IGNORE_CLIENT_NO_CACHE;
            case "ignore-server-no-cache" -> CacheRule.Directive.IGNORE_SERVER_NO_CACHE;
            default -> throw new IllegalArgumentException("unknown action '" + value + "'; allowed: never-cache, "
                    + "ignore-no-cache, ignore-client-no-cache, ignore-server-no-cache, standard-cache");
        };
    }

    private static int cookies(String value) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 0 && v <= 4) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(COOKIES + "=" + value + " is not 0, 1, 2, 3 or 4");
    }

    /**
     * An ATS duration: numbers each followed by {@code d}, {@code h}, {@code m} or {@code s} (case-insensitive),
     * e.g. {@code 1d}, {@code 1h15m20s}; a number without a unit counts seconds.
     */
    public static Duration duration(String label, String value) {
        long total = 0;
        int i = 0;
        int n = value.length();
        String what = label + "=" + value + " is not a duration (e.g. 1d, 6h, 1h15m20s, 90)";
        while (i < n) {
            int start = i;
            while (i < n && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 12) {
                throw new IllegalArgumentException(what);
            }
            long number = Long.parseLong(value.substring(start, i));
            long unit = 1;
            if (i < n) {
                unit = switch (Character.toLowerCase(value.charAt(i))) {
                    case 'd' -> 86_400;
                    case 'h' -> 3_600;
                    case 'm' -> 60;
                    case 's' -> 1;
                    default -> throw new IllegalArgumentException(what);
                };
                i++;
            }
            total = Math.addExact(total, Math.multiplyExact(number, unit));
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(label + "=" + value + " is too long (at most "
                        + Integer.MAX_VALUE + " seconds)");
            }
        }
        return Duration.ofSeconds(total);
    }

    private static IpRange ipRange(String label, String value) {
        try {
            return IpRange.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + "=" + value + ": " + e.getMessage()
                    + " (write an address, a range a-b, or CIDR a/n)");
        }
    }

    private static Pattern regex(String label, String value, int flags) {
        try {
            return Pattern.compile(value, flags);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(label + " is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    private static int[] portRange(String label, String value) {
        String[] parts = value.split("-", -1);
        String bad = label + "=" + value + " is not a port (1-65535) or a range of ports such as 8000-8999";
        if (parts.length > 2) {
            throw new IllegalArgumentException(bad);
        }
        int[] out = new int[2];
        try {
            out[0] = Integer.parseInt(parts[0]);
            out[1] = parts.length == 2 ? Integer.parseInt(parts[1]) : out[0];
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
        if (out[0] < 1 || out[1] > 65535 || out[1] < out[0]) {
            throw new IllegalArgumentException(bad);
        }
        return out;
    }

    private static LocalTime[] timeRange(String value) {
        String[] parts = value.split("-", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("time=" + value + " is not a range HH:MM-HH:MM");
        }
        return new LocalTime[] {timeOfDay(value, parts[0]), timeOfDay(value, parts[1])};
    }

    private static LocalTime timeOfDay(String value, String t) {
        String[] f = t.split(":", -1);
        String bad = "time=" + value + ": '" + t + "' is not a time of day HH:MM or HH:MM:SS (00:00 to 23:59:59)";
        if (f.length < 2 || f.length > 3) {
            throw new IllegalArgumentException(bad);
        }
        try {
            int h = Integer.parseInt(f[0]);
            int m = Integer.parseInt(f[1]);
            int s = f.length == 3 ? Integer.parseInt(f[2]) : 0;
            if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) {
                throw new IllegalArgumentException(bad);
            }
            return LocalTime.of(h, m, s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(bad);
        }
    }

    private static String stripSlashes(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '/') {
            i++;
        }
        return s.substring(i);
    }

    /** For {@link RuleRequest} builders: the IP literal of a host, or null when the host is a name. */
    public static InetAddress literalAddress(String host) {
        try {
            return InetAddress.getByAddress(IpRange.literal(host));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }
}
