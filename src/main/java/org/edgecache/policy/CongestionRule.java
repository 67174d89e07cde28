package org.edgecache.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One line of {@code congestion.config} (seed 003, "Using Congestion Control"; ATS ≤ 7.1's file format): which origin
 * servers it tracks and how.
 *
 * @param destination       what the line matches: {@code dest_domain}, {@code dest_host}, {@code dest_ip} or
 *                          {@code url_regex}
 * @param value             the destination's value (lower-case for names; the regex source for url_regex)
 * @param regex             the compiled url_regex, null for the other destinations
 * @param portLow           lowest port matched ({@code port=}; 0 when any)
 * @param portHigh          highest port matched (65535 when any)
 * @param prefix            the path prefix matched ({@code prefix=}), "" when any
 * @param scheme            {@code http} or {@code https} ({@code scheme=}), "" when any
 * @param maxConnectionFailures failures within {@code failWindow} that make the server congested
 * @param failWindow        the window failures are counted in
 * @param proxyRetryInterval how long a congested server gets no requests
 * @param clientWaitInterval the {@code Retry-After} a refused client is given (plus up to {@code waitIntervalAlpha})
 * @param waitIntervalAlpha the upper bound of the random part added to {@code clientWaitInterval}
 * @param liveOsConnTimeout connect timeout to a server that is not congested
 * @param deadOsConnTimeout connect timeout to a server that was congested and is being tried again
 * @param errorPage         the page sent with the 503 ({@code error_page=}), or null for the built-in one
 * @param tracking          whether servers are tracked per IP address or per host name
 * @param line              the line of the file
 */
public record CongestionRule(
        Destination destination,
        String value,
        Pattern regex,
        int portLow,
        int portHigh,
        String prefix,
        String scheme,
        int maxConnectionFailures,
        Duration failWindow,
        Duration proxyRetryInterval,
        Duration clientWaitInterval,
        Duration waitIntervalAlpha,
        Duration liveOsConnTimeout,
        Duration deadOsConnTimeout,
        String errorPage,
        Tracking tracking,
        int line) {

    public enum Destination { DEST_DOMAIN, DEST_HOST, DEST_IP, URL_REGEX }

    /** {@code congestion_scheme}: one tracker per origin IP address ({@code per_ip}) or per host name ({@code per_host}). */
    public enum Tracking { PER_IP, PER_HOST }

    public CongestionRule {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(value, "value");
    }

    /**
     * Whether the line applies to a request forwarded to this origin.
     *
     * @param scheme  the origin's scheme
     * @param host    the origin's host name (as configured)
     * @param ip      the origin's IP address (literal), or null when unknown
     * @param port    the origin's port
     * @param path    the path (and query) sent to the origin
     */
    public boolean matches(String scheme, String host, String ip, int port, String path) {
        if (port < portLow || port > portHigh) {
            return false;
        }
        if (!this.scheme.isEmpty() && !this.scheme.equalsIgnoreCase(scheme)) {
            return false;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (!prefix.isEmpty() && !p.startsWith(prefix)) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return switch (destination) {
            case DEST_HOST -> h.equals(value);
            case DEST_DOMAIN -> h.equals(value) || h.endsWith(value.startsWith(".") ? value : "." + value);
            case DEST_IP -> value.equals(ip) || value.equals(h);
            case URL_REGEX -> regex.matcher(scheme + "://" + h + ":" + port + "/" + p).find();
        };
    }
}
