package org.edgecache.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which requests an ATS rule line covers, as {@code parent.config} and {@code congestion.config} both say it: one
 * primary destination ({@code dest_domain}, {@code dest_host}, {@code dest_ip} or {@code url_regex}) and the
 * secondary specifiers {@code port}, {@code scheme} and {@code prefix}. (parent.config's {@code suffix} and
 * {@code method} stay in {@link ParentRule}.)
 *
 * <p>The two files differ in three places, kept as they were by the {@link Dialect}: what {@code dest_ip} holds,
 * whether {@code dest_domain=.} covers every host, and the wording of a bad {@code port}.
 *
 * @param dialect  the file the rule comes from
 * @param kind     the primary destination's kind
 * @param value    its value: a domain or host name or a dest_ip (lower case), or the url_regex source
 * @param regex    the compiled {@code url_regex}, or null
 * @param ips      the {@code dest_ip} address, range or block ({@link Dialect#PARENT} only), or null
 * @param portLow  lowest port matched (0 when any)
 * @param portHigh highest port matched (65535 when any)
 * @param scheme   "http", "https" or "" for any
 * @param prefix   a path prefix without the leading '/', or "" for any
 */
public record PrimaryDestination(Dialect dialect, Kind kind, String value, Pattern regex, IpRange ips, int portLow,
        int portHigh, String scheme, String prefix) {

    /** The primary destination kinds; {@code name().toLowerCase()} is the field's name. */
    public enum Kind { DEST_DOMAIN, DEST_HOST, DEST_IP, URL_REGEX }

    /** Where the files' readings of the same fields part. */
    public enum Dialect {
        /**
         * parent.config: {@code dest_ip} is an address, a range {@code low-high} or a CIDR block, matched against the
         * request's host when that is an IP literal; {@code dest_domain=.} covers every host.
         */
        PARENT,
        /**
         * congestion.config: {@code dest_ip} is compared as text with the origin's address and host;
         * {@code dest_domain=.} is a domain like any other.
         */
        CONGESTION
    }

    public PrimaryDestination {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Whether a request to this origin is covered.
     *
     * @param scheme the origin's scheme
     * @param host   the origin's host
     * @param ip     the origin's address as text, or null when unknown (read by {@link Dialect#CONGESTION} only)
     * @param port   the origin's port
     * @param path   the request's path, with or without its leading '/'
     * @param url    the URL {@code url_regex} is searched in (asked for only by a url_regex)
     */
    public boolean matches(String scheme, String host, String ip, int port, String path, Supplier<String> url) {
        if (port < portLow || port > portHigh) {
            return false;
        }
        if (!this.scheme.isEmpty() && !this.scheme.equalsIgnoreCase(scheme)) {
            return false;
        }
        if (!prefix.isEmpty() && !relative(path).startsWith(prefix)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case DEST_HOST -> h.equals(value);
            case DEST_DOMAIN -> (dialect == Dialect.PARENT && value.equals(".")) || h.equals(value)
                    || h.endsWith(value.startsWith(".") ? value : "." + value);
            case DEST_IP -> dialect == Dialect.PARENT ? ips.contains(literal(h)) : value.equals(ip) || value.equals(h);
            case URL_REGEX -> regex.matcher(url.get()).find();
        };
    }

    /** The path without its leading '/', as {@code prefix} (and parent.config's {@code suffix}) see it. */
    static String relative(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /** The host as an address when it is an IP literal; null for a name (dest_ip never looks a name up). */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByAddress(IpRange.literal(host));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }

    /**
     * Collects the fields of one rule line, in the line's order, so that the first bad field is the one reported.
     * The caller checks that no field is given twice.
     */
    static final class Reader {
        private final Dialect dialect;
        private Kind kind;
        private String value;
        private Pattern regex;
        private IpRange ips;
        private int portLow = 0;
        private int portHigh = 65_535;
        private String scheme = "";
        private String prefix = "";

        Reader(Dialect dialect) {
            this.dialect = dialect;
        }

        /**
         * Takes one field.
         *
         * @return false when {@code key} is not a primary-destination field (nothing is read)
         * @throws IllegalArgumentException the reason the value is not allowed
         */
        boolean read(String key, String v) {
            switch (key) {
                case "dest_domain", "dest_host", "dest_ip", "url_regex" -> destination(key, v);
                case "port" -> {
                    int dash = v.indexOf('-');
                    portLow = port(dash < 0 ? v : v.substring(0, dash), key, v);
                    portHigh = dash < 0 ? portLow : port(v.substring(dash + 1), key, v);
                    if (portLow > portHigh) {
                        throw new IllegalArgumentException("port range '" + v + "' is empty");
                    }
                }
                case "scheme" -> {
                    scheme = v.toLowerCase(Locale.ROOT);
                    if (!scheme.equals("http") && !scheme.equals("https")) {
                        throw new IllegalArgumentException("scheme '" + v + "': allowed http, https");
                    }
                }
                case "prefix" -> prefix = relative(v);
                default -> {
                    return false;
                }
            }
            return true;
        }

        /**
         * The destination read.
         *
         * @throws IllegalArgumentException when the line has no primary destination
         */
        PrimaryDestination destination() {
            if (kind == null) {
                throw new IllegalArgumentException("the rule has no primary destination (dest_domain, dest_host,"
                        + " dest_ip or url_regex)");
            }
            return new PrimaryDestination(dialect, kind, value, regex, ips, portLow, portHigh, scheme, prefix);
        }

        private void destination(String key, String v) {
            if (kind != null) {
                throw new IllegalArgumentException("a rule has one primary destination; " + key + " follows "
                        + kind.name().toLowerCase(Locale.ROOT));
            }
            if (v.isEmpty()) {
                throw new IllegalArgumentException(key + " is empty");
            }
            kind = Kind.valueOf(key.toUpperCase(Locale.ROOT));
            value = v.toLowerCase(Locale.ROOT);
            if (kind == Kind.URL_REGEX) {
                try {
                    regex = Pattern.compile(v);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("url_regex '" + v + "' is not a regular expression: "
                            + e.getDescription());
                }
                value = v;
            } else if (kind == Kind.DEST_IP && dialect == Dialect.PARENT) {
                try {
                    ips = IpRange.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dest_ip " + e.getMessage()
                            + "; allowed an IP address, a range low-high or a CIDR block");
                }
            }
        }

        private int port(String s, String key, String whole) {
            if (dialect == Dialect.PARENT) {
                return ParentConfig.port(s, key, whole);
            }
            try {
                int p = Integer.parseInt(s.trim());
                if (p >= 0 && p <= 65_535) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("port '" + whole + "': allowed a port or a range such as 80-8080");
        }
    }
}
