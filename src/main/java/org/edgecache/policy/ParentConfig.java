package org.edgecache.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a {@code parent.config} file, in ATS's format: one rule a line,
 * {@code primary_destination=value [secondary_specifier=value …] action=value …}; the first matching line wins;
 * {@code #} starts a comment.
 *
 * <pre>
 * dest_domain=.  parent="p1.example:8080|2; p2.example:8080|1" round_robin=consistent_hash go_direct=false
 * dest_host=origin.example scheme=http prefix=video/ parent="p3.example:80" secondary_parent="p4.example:80"
 * url_regex=\.m3u8$ go_direct=true
 * </pre>
 *
 * <p>Supported: the primary destinations {@code dest_domain}, {@code dest_host}, {@code dest_ip} and
 * {@code url_regex}; the secondary specifiers {@code port}, {@code scheme}, {@code prefix}, {@code suffix},
 * {@code method}; the actions {@code parent}, {@code secondary_parent}, {@code round_robin} ({@code true},
 * {@code strict}, {@code false}, {@code consistent_hash}), {@code go_direct} (default {@code true}),
 * {@code parent_is_proxy} (default {@code true}) and {@code qstring} ({@code consider}, the default, or
 * {@code ignore}). Every other ATS field fails the parse naming it; nothing is silently ignored.
 */
public final class ParentConfig {
    private static final Set<String> ATS_UNSUPPORTED = Set.of("time", "src_ip", "internal", "parent_retry",
            "unavailable_server_retry_responses", "max_simple_retries", "max_unavailable_server_retries",
            "secondary_mode", "ignore_self_detect");
    static final String ALLOWED = "dest_domain, dest_host, dest_ip, url_regex, port, scheme, prefix, suffix, method,"
            + " parent, secondary_parent, round_robin, go_direct, parent_is_proxy, qstring";

    private ParentConfig() {
    }

    /**
     * Parses the file's lines.
     *
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first bad line
     */
    public static List<ParentRule> parse(String source, List<String> lines) {
        return AtsRuleFile.parse(source, lines, ParentConfig::rule);
    }

    /** The first rule that covers the request, if any. */
    public static Optional<ParentRule> match(List<ParentRule> rules, ParentRequest request) {
        for (ParentRule r : rules) {
            if (r.matches(request)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static ParentRule rule(String text, int lineNumber) {
        PrimaryDestination.Reader destination = new PrimaryDestination.Reader(PrimaryDestination.Dialect.PARENT);
        String suffix = "";
        String method = "";
        List<ParentRule.Parent> parents = List.of();
        List<ParentRule.Parent> secondary = List.of();
        ParentRule.RoundRobin roundRobin = ParentRule.RoundRobin.FALSE;
        Boolean goDirect = null;
        boolean parentIsProxy = true;
        boolean ignoreQuery = false;
        Set<String> seen = new HashSet<>();
        for (String token : AtsRuleFile.tokens(text)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + token + "' is not field=value");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            String v = AtsRuleFile.unquote(token.substring(eq + 1)).trim();
            if (!seen.add(key)) {
                throw new IllegalArgumentException(key + " is given twice");
            }
            if (destination.read(key, v)) {
                continue;
            }
            switch (key) {
                case "suffix" -> suffix = v;
                case "method" -> {
                    if (!v.matches("[A-Za-z]+")) {
                        throw new IllegalArgumentException("method '" + v + "': allowed a method name such as get");
                    }
                    method = v.toUpperCase(Locale.ROOT);
                }
                case "parent" -> parents = parents(key, v);
                case "secondary_parent" -> secondary = parents(key, v);
                case "round_robin" -> roundRobin = switch (v.toLowerCase(Locale.ROOT)) {
                    case "true" -> ParentRule.RoundRobin.TRUE;
                    case "strict" -> ParentRule.RoundRobin.STRICT;
                    case "false" -> ParentRule.RoundRobin.FALSE;
                    case "consistent_hash" -> ParentRule.RoundRobin.CONSISTENT_HASH;
                    case "latched" -> throw new IllegalArgumentException("round_robin 'latched' is not supported by"
                            + " edgecache; allowed true, strict, false, consistent_hash");
                    default -> throw new IllegalArgumentException("round_robin '" + v
                            + "': allowed true, strict, false, consistent_hash");
                };
                case "go_direct" -> goDirect = bool(key, v);
                case "parent_is_proxy" -> parentIsProxy = bool(key, v);
                case "qstring" -> ignoreQuery = switch (v.toLowerCase(Locale.ROOT)) {
                    case "consider" -> false;
                    case "ignore" -> true;
                    default -> throw new IllegalArgumentException("qstring '" + v + "': allowed consider, ignore");
                };
                default -> {
                    if (ATS_UNSUPPORTED.contains(key)) {
                        throw new IllegalArgumentException("the ATS field '" + key + "' is not supported by edgecache"
                                + " (supported: " + ALLOWED + ")");
                    }
                    throw new IllegalArgumentException("unknown field '" + key + "' (allowed: " + ALLOWED + ")");
                }
            }
        }
        PrimaryDestination primary = destination.destination();
        if (parents.isEmpty() && goDirect == null) {
            throw new IllegalArgumentException("the rule needs parent=\"host:port …\" or go_direct=true");
        }
        if (parents.isEmpty() && !goDirect) {
            throw new IllegalArgumentException("go_direct=false needs parent=\"host:port …\"");
        }
        if (!secondary.isEmpty() && roundRobin != ParentRule.RoundRobin.CONSISTENT_HASH) {
            throw new IllegalArgumentException("secondary_parent is allowed only with round_robin=consistent_hash");
        }
        if (!secondary.isEmpty() && parents.isEmpty()) {
            throw new IllegalArgumentException("secondary_parent needs parent");
        }
        for (ParentRule.Parent s : secondary) {
            if (parents.stream().anyMatch(p -> p.authority().equals(s.authority()))) {
                throw new IllegalArgumentException("secondary_parent " + s + " is also in parent");
            }
        }
        // ATS: with parent_is_proxy=false the parents are the origins and go_direct is ignored
        boolean direct = parentIsProxy ? (goDirect == null || goDirect) : parents.isEmpty();
        return new ParentRule(primary, suffix, method,
                parents, secondary, roundRobin, direct, parentIsProxy, ignoreQuery, lineNumber);
    }

    /** {@code host:port[|weight]} entries separated by ',' or ';'. */
    static List<ParentRule.Parent> parents(String key, String v) {
        List<ParentRule.Parent> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : v.split("[,;]")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String hostPort = entry;
            double weight = 1.0;
            int bar = entry.indexOf('|');
            if (bar >= 0) {
                hostPort = entry.substring(0, bar).trim();
                String w = entry.substring(bar + 1).trim();
                try {
                    weight = Double.parseDouble(w);
                } catch (NumberFormatException e) {
                    weight = -1;
                }
                if (!(weight >= 0.001 && weight <= 100)) {
                    throw new IllegalArgumentException(key + " '" + entry + "': the weight '" + w
                            + "' is not allowed; allowed a number from 0.001 to 100");
                }
            }
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(']') > colon) {
                throw new IllegalArgumentException(key + " '" + entry + "': allowed host:port[|weight] (the port is"
                        + " required)");
            }
            String host = hostPort.substring(0, colon).toLowerCase(Locale.ROOT);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty() || !host.matches("[a-z0-9._:\\-]+")) {
                throw new IllegalArgumentException(key + " '" + entry + "': '" + host + "' is not a host name or"
                        + " address");
            }
            int port = port(hostPort.substring(colon + 1), key, entry);
            if (port == 0) {
                throw new IllegalArgumentException(key + " '" + entry + "': port 0 is not allowed");
            }
            ParentRule.Parent p = new ParentRule.Parent(host, port, weight);
            if (!seen.add(p.authority())) {
                throw new IllegalArgumentException(key + " names " + p.authority() + " twice");
            }
            out.add(p);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " is empty; allowed a list of host:port[|weight]");
        }
        return List.copyOf(out);
    }

    private static boolean bool(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " '" + v + "': allowed true, false");
        };
    }

    /** A port number, or the reason {@code s} is not one, naming the field and its whole value. */
    static int port(String s, String key, String whole) {
        try {
            int p = Integer.parseInt(s.trim());
            if (p >= 0 && p <= 65_535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + whole + "': the port '" + s.trim()
                + "' is not a number from 0 to 65535");
    }
}
