package org.edgecache.policy;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of {@code congestion.config} (seed 003, "Using Congestion Control"; ATS ≤ 7.1's file format): which origin
 * servers it tracks and how.
 *
 * @param destination       what the line matches: {@code dest_domain}, {@code dest_host}, {@code dest_ip} or
 *                          {@code url_regex}, and the {@code port}, {@code prefix} and {@code scheme} specifiers
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
        PrimaryDestination destination,
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

    /** {@code congestion_scheme}: one tracker per origin IP address ({@code per_ip}) or per host name ({@code per_host}). */
    public enum Tracking { PER_IP, PER_HOST }

    public CongestionRule {
        Objects.requireNonNull(destination, "destination");
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
        return destination.matches(scheme, host, ip, port, path, () -> scheme + "://" + host.toLowerCase(Locale.ROOT)
                + ":" + port + "/" + PrimaryDestination.relative(path));
    }
}
