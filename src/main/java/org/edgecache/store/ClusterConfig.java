package org.edgecache.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The optional clustered tier of {@link EhcacheObjectStore}: an Ehcache clustered tier on a Terracotta server that
 * several edgecache nodes share, below their local heap (and off-heap) tiers. Every message names the
 * context-param ({@code edgecache.store.cluster-*}) the operator has to change.
 *
 * @param uri            {@code terracotta://host[:port]/name}: the server and the name of the cluster tier manager
 *                       (the nodes that share a cache use the same URI)
 * @param poolBytes      the shared pool the caches take on the server, out of {@code serverResource}
 * @param serverResource the server's off-heap resource the pool is carved from ({@code offheap-resources} in the
 *                       server's cluster.cfg)
 * @param timeout        how long one read or write on the clustered tier may take before it counts as failed (the
 *                       request then goes on as a miss, or without storing)
 * @param connectTimeout how long the store waits for the server when it opens
 * @param lease          how long a node's claim to fetch a key from the origin holds without being released (a node
 *                       that crashed mid-fetch blocks the key for at most this long)
 */
public record ClusterConfig(URI uri, long poolBytes, String serverResource, Duration timeout, Duration connectTimeout,
        Duration lease) {

    public static final String PARAM_URI = "edgecache.store.cluster-uri";
    public static final String PARAM_SIZE = "edgecache.store.cluster-size";
    public static final String PARAM_RESOURCE = "edgecache.store.cluster-resource";
    public static final String PARAM_TIMEOUT = "edgecache.store.cluster-timeout";
    public static final String PARAM_CONNECT_TIMEOUT = "edgecache.store.cluster-connect-timeout";
    public static final String PARAM_LEASE = "edgecache.store.cluster-lease";

    public static final long DEFAULT_SIZE = 256L << 20;
    public static final String DEFAULT_RESOURCE = "main";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** The smallest pool: a few chunks, heads and leases. */
    public static final long MIN_SIZE = 4L << 20;

    public ClusterConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(serverResource, "serverResource");
        checkUri(uri.toString());
        if (poolBytes < MIN_SIZE) {
            throw new IllegalArgumentException(PARAM_SIZE + "=" + poolBytes + " is too small: at least 4m");
        }
        if (!serverResource.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(PARAM_RESOURCE + "=\"" + serverResource + "\" is not a resource name:"
                    + " letters, digits, '.', '_' and '-' (the name in the server's offheap-resources, e.g. main)");
        }
        checkRange(PARAM_TIMEOUT, timeout, Duration.ofMillis(10), Duration.ofMinutes(5));
        checkRange(PARAM_CONNECT_TIMEOUT, connectTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
        checkRange(PARAM_LEASE, lease, Duration.ofSeconds(1), Duration.ofHours(24));
    }

    /** With the defaults for everything but the URI. */
    public static ClusterConfig of(URI uri) {
        return new ClusterConfig(uri, DEFAULT_SIZE, DEFAULT_RESOURCE, DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_LEASE);
    }

    public ClusterConfig withPoolBytes(long bytes) {
        return new ClusterConfig(uri, bytes, serverResource, timeout, connectTimeout, lease);
    }

    public ClusterConfig withTimeout(Duration t) {
        return new ClusterConfig(uri, poolBytes, serverResource, t, connectTimeout, lease);
    }

    public ClusterConfig withLease(Duration l) {
        return new ClusterConfig(uri, poolBytes, serverResource, timeout, connectTimeout, l);
    }

    /**
     * From the {@code edgecache.store.cluster-*} parameters; null when {@code cluster-uri} is not set (no clustered
     * tier), in which case none of the others may be set either.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is allowed
     */
    public static ClusterConfig fromParameters(Function<String, String> parameter) {
        String uriValue = trimmed(parameter.apply(PARAM_URI));
        if (uriValue == null || uriValue.equalsIgnoreCase("none")) {
            for (String p : new String[] {PARAM_SIZE, PARAM_RESOURCE, PARAM_TIMEOUT, PARAM_CONNECT_TIMEOUT,
                    PARAM_LEASE}) {
                if (trimmed(parameter.apply(p)) != null) {
                    throw new IllegalArgumentException(p + " is set but " + PARAM_URI + " is not: set the URI of the"
                            + " Terracotta server (terracotta://host:9410/edgecache) or remove " + p);
                }
            }
            return null;
        }
        URI uri = checkUri(uriValue);
        String sizeValue = trimmed(parameter.apply(PARAM_SIZE));
        long size = sizeValue == null ? DEFAULT_SIZE : StoreConfig.parseSize(PARAM_SIZE, sizeValue);
        String resource = trimmed(parameter.apply(PARAM_RESOURCE));
        return new ClusterConfig(uri, size, resource == null ? DEFAULT_RESOURCE : resource,
                duration(PARAM_TIMEOUT, parameter.apply(PARAM_TIMEOUT), DEFAULT_TIMEOUT),
                duration(PARAM_CONNECT_TIMEOUT, parameter.apply(PARAM_CONNECT_TIMEOUT), DEFAULT_CONNECT_TIMEOUT),
                duration(PARAM_LEASE, parameter.apply(PARAM_LEASE), DEFAULT_LEASE));
    }

    private static URI checkUri(String value) {
        String allowed = " is not a cluster URI: use terracotta://host[:port]/name, e.g."
                + " terracotta://127.0.0.1:9410/edgecache (one server; the name is letters, digits, '.', '_', '-')";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PARAM_URI + "=\"" + value + "\"" + allowed, e);
        }
        String path = uri.getPath();
        if (!"terracotta".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()
                || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || path == null || !path.matches("/[A-Za-z0-9._-]+") || uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException(PARAM_URI + "=\"" + value + "\"" + allowed);
        }
        return uri;
    }

    private static void checkRange(String parameter, Duration d, Duration min, Duration max) {
        Objects.requireNonNull(d, parameter);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(parameter + "=" + format(d) + " is out of range: from " + format(min)
                    + " to " + format(max));
        }
    }

    private static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /**
     * Parses a duration: a whole number with the unit {@code ms}, {@code s}, {@code m} or {@code h}
     * ({@code 500ms}, {@code 2s}, {@code 1m}); a bare number is milliseconds.
     *
     * @throws IllegalArgumentException naming the parameter and the value
     */
    public static Duration duration(String parameter, String value, Duration defaultValue) {
        String v = trimmed(value);
        if (v == null) {
            return defaultValue;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        String digits;
        java.time.temporal.ChronoUnit unit;
        if (lower.endsWith("ms")) {
            digits = lower.substring(0, lower.length() - 2);
            unit = java.time.temporal.ChronoUnit.MILLIS;
        } else if (lower.endsWith("s")) {
            digits = lower.substring(0, lower.length() - 1);
            unit = java.time.temporal.ChronoUnit.SECONDS;
        } else if (lower.endsWith("m")) {
            digits = lower.substring(0, lower.length() - 1);
            unit = java.time.temporal.ChronoUnit.MINUTES;
        } else if (lower.endsWith("h")) {
            digits = lower.substring(0, lower.length() - 1);
            unit = java.time.temporal.ChronoUnit.HOURS;
        } else {
            digits = lower;
            unit = java.time.temporal.ChronoUnit.MILLIS;
        }
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(parameter + "=\"" + value + "\" is not a duration: use a whole number"
                    + " with ms, s, m or h, e.g. 500ms, 2s, 1m (a bare number is milliseconds)");
        }
        return Duration.of(Long.parseLong(digits), unit);
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
