package org.edgecache.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of a {@code congestion.config} file, in ATS's format: one rule a line,
 * {@code primary_destination=value [secondary_specifier=value …] [tag=value …]}, the first matching line wins;
 * {@code #} starts a comment.
 *
 * <pre>
 * dest_host=origin.example.com  max_connection_failures=5 fail_window=120 proxy_retry_interval=10
 * dest_domain=example.net prefix=/api/ port=80-8080 congestion_scheme=per_host error_page=busy.html
 * url_regex=^http://images\. client_wait_interval=60 wait_interval_alpha=0
 * </pre>
 *
 * <p>Tags and ATS's defaults: {@code max_connection_failures} 5, {@code fail_window} 120 s,
 * {@code proxy_retry_interval} 10 s, {@code client_wait_interval} 300 s, {@code wait_interval_alpha} 30 s,
 * {@code live_os_conn_timeout} 60 s, {@code live_os_conn_retries} 2, {@code dead_os_conn_timeout} 15 s,
 * {@code dead_os_conn_retries} 1, {@code max_connection} -1, {@code error_page} congestion_error.html (the built-in
 * page), {@code congestion_scheme} per_ip. The retry counts and {@code max_connection} are read and checked but
 * not used (edgecache has one connection limit, {@code proxy.config.http.per_server.connection.max}).
 */
public final class CongestionConfig {
    public static final String DEFAULT_ERROR_PAGE = "congestion_error.html";

    private CongestionConfig() {
    }

    /**
     * Parses the file's lines.
     *
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first bad line
     */
    public static List<CongestionRule> parse(String source, List<String> lines) {
        return AtsRuleFile.parse(source, lines, CongestionConfig::rule);
    }

    /** The first rule that matches, if any. */
    public static Optional<CongestionRule> match(List<CongestionRule> rules, String scheme, String host, String ip,
            int port, String path) {
        for (CongestionRule r : rules) {
            if (r.matches(scheme, host, ip, port, path)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static CongestionRule rule(String text, int lineNumber) {
        PrimaryDestination.Reader destination = new PrimaryDestination.Reader(PrimaryDestination.Dialect.CONGESTION);
        int maxFailures = 5;
        long failWindow = 120;
        long retryInterval = 10;
        long clientWait = 300;
        long alpha = 30;
        long liveTimeout = 60;
        long deadTimeout = 15;
        String errorPage = null;
        CongestionRule.Tracking tracking = CongestionRule.Tracking.PER_IP;
        Set<String> seen = new HashSet<>();
        for (String token : AtsRuleFile.tokens(text)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + token + "' is not tag=value");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            String v = AtsRuleFile.unquote(token.substring(eq + 1));
            if (!seen.add(key)) {
                throw new IllegalArgumentException(key + " is given twice");
            }
            if (destination.read(key, v)) {
                continue;
            }
            switch (key) {
                case "max_connection_failures" -> maxFailures = (int) number(key, v, 1, 1_000_000);
                case "fail_window" -> failWindow = number(key, v, 1, 86_400 * 365);
                case "proxy_retry_interval" -> retryInterval = number(key, v, 0, 86_400 * 365);
                case "client_wait_interval" -> clientWait = number(key, v, 0, 86_400 * 365);
                case "wait_interval_alpha" -> alpha = number(key, v, 0, 86_400 * 365);
                case "live_os_conn_timeout" -> liveTimeout = number(key, v, 1, 86_400);
                case "dead_os_conn_timeout" -> deadTimeout = number(key, v, 1, 86_400);
                case "live_os_conn_retries", "dead_os_conn_retries" -> number(key, v, 0, 100);
                case "max_connection" -> number(key, v, -1, 1_000_000);
                case "error_page" -> errorPage = v.isEmpty() || v.equals(DEFAULT_ERROR_PAGE) ? null : v;
                case "congestion_scheme" -> tracking = switch (v.toLowerCase(Locale.ROOT)) {
                    case "per_ip" -> CongestionRule.Tracking.PER_IP;
                    case "per_host" -> CongestionRule.Tracking.PER_HOST;
                    default -> throw new IllegalArgumentException("congestion_scheme '" + v
                            + "': allowed per_ip, per_host");
                };
                default -> throw new IllegalArgumentException("unknown tag '" + key + "' (allowed: dest_domain,"
                        + " dest_host, dest_ip, url_regex, port, prefix, scheme, max_connection_failures,"
                        + " fail_window, proxy_retry_interval, client_wait_interval, wait_interval_alpha,"
                        + " live_os_conn_timeout, live_os_conn_retries, dead_os_conn_timeout, dead_os_conn_retries,"
                        + " max_connection, error_page, congestion_scheme)");
            }
        }
        return new CongestionRule(destination.destination(), maxFailures,
                Duration.ofSeconds(failWindow), Duration.ofSeconds(retryInterval), Duration.ofSeconds(clientWait),
                Duration.ofSeconds(alpha), Duration.ofSeconds(liveTimeout), Duration.ofSeconds(deadTimeout), errorPage,
                tracking, lineNumber);
    }

    private static long number(String key, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " '" + v + "': allowed a whole number from " + min + " to " + max);
    }
}
