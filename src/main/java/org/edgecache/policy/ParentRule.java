package org.edgecache.policy;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One line of a {@code parent.config} file: which requests it covers (a primary destination and optional secondary
 * specifiers) and where they go (parents, their order, and whether the origin may be asked directly).
 *
 * @param destination    the primary destination's kind
 * @param value          its value: a domain or host name (lower case), an IP range {@code low-high}, or a regex
 * @param regex          the compiled {@code url_regex}, or null
 * @param ips            the {@code dest_ip} address or range, or null
 * @param portLow        lowest port matched
 * @param portHigh       highest port matched
 * @param scheme         "http", "https" or "" for any
 * @param prefix         a path prefix without the leading '/', or "" for any
 * @param suffix         a path suffix, or "" for any
 * @param method         a request method (upper case), or "" for any
 * @param parents        the {@code parent} list, in file order
 * @param secondary      the {@code secondary_parent} list (consistent_hash only)
 * @param roundRobin     how the parents are ordered for a request
 * @param goDirect       whether the origin is asked when no parent answers
 * @param parentIsProxy  parents are proxies (absolute-form requests) rather than origins
 * @param ignoreQuery    {@code qstring=ignore}: the query string is not part of the hash input
 * @param line           the line number in the file
 */
public record ParentRule(
        Destination destination,
        String value,
        Pattern regex,
        IpRange ips,
        int portLow,
        int portHigh,
        String scheme,
        String prefix,
        String suffix,
        String method,
        List<Parent> parents,
        List<Parent> secondary,
        RoundRobin roundRobin,
        boolean goDirect,
        boolean parentIsProxy,
        boolean ignoreQuery,
        int line) {

    /** The primary destination kinds of ATS's parent.config. */
    public enum Destination { DEST_DOMAIN, DEST_HOST, DEST_IP, URL_REGEX }

    /** ATS's {@code round_robin} values that edgecache implements. */
    public enum RoundRobin {
        /** {@code false}: the parents in file order. */
        FALSE,
        /** {@code true}: a start parent chosen by the client's IP address, then the others in order. */
        TRUE,
        /** {@code strict}: each request starts at the next parent in turn. */
        STRICT,
        /** {@code consistent_hash}: the parent that owns the URL's hash on a weighted ring. */
        CONSISTENT_HASH;

        public String atsName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A parent: host, port and weight (ATS {@code host:port|weight}, weight 1 by default). */
    public record Parent(String host, int port, double weight) {
        public String authority() {
            return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
        }

        @Override
        public String toString() {
            return authority();
        }
    }

    /**
     * Whether the rule covers the request.
     *
     * @param r the request's destination and target
     */
    public boolean matches(ParentRequest r) {
        if (r.port() < portLow || r.port() > portHigh) {
            return false;
        }
        if (!scheme.isEmpty() && !scheme.equals(r.scheme())) {
            return false;
        }
        if (!method.isEmpty() && !method.equals(r.method())) {
            return false;
        }
        String path = r.path().startsWith("/") ? r.path().substring(1) : r.path();
        if (!prefix.isEmpty() && !path.startsWith(prefix)) {
            return false;
        }
        if (!suffix.isEmpty() && !path.endsWith(suffix)) {
            return false;
        }
        String host = r.host().toLowerCase(Locale.ROOT);
        return switch (destination) {
            case DEST_HOST -> host.equals(value);
            case DEST_DOMAIN -> value.equals(".") || host.equals(value) || host.endsWith(value.startsWith(".")
                    ? value : "." + value);
            case DEST_IP -> ips.contains(literal(host));
            case URL_REGEX -> regex.matcher(r.url()).find();
        };
    }

    /** The host as an address when it is an IP literal; null for a name (dest_ip never looks a name up). */
    private static java.net.InetAddress literal(String host) {
        try {
            return java.net.InetAddress.getByAddress(IpRange.literal(host));
        } catch (IllegalArgumentException | java.net.UnknownHostException e) {
            return null;
        }
    }
}
