package org.edgecache.policy;

import java.net.InetAddress;
import java.time.LocalTime;
import java.util.Objects;

/**
 * What cache.config rules look at in a request (ATS's {@code HttpRequestData}).
 *
 * @param url       the effective request URL, {@code scheme://host[:port]/path[?query]} (RFC 9110 §7.1), with
 *                  scheme and host lower-cased
 * @param scheme    {@code http} or {@code https}
 * @param host      the host, lower-cased, without port or IPv6 brackets
 * @param port      the port (the scheme's default when the URL has none)
 * @param path      the path with its leading slash, without query
 * @param method    the request method
 * @param srcIp     the client's address
 * @param destIp    the origin's address when known, else null
 * @param localPort the port the request came in on ({@code iport})
 * @param internal  whether edgecache itself made the request
 * @param time      the local time of day (the server's zone) when the request arrived
 */
public record RuleRequest(String url, String scheme, String host, int port, String path, String method,
        InetAddress srcIp, InetAddress destIp, int localPort, boolean internal, LocalTime time) {
    public RuleRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(time, "time");
    }
}
