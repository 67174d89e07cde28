package org.edgecache.web;

import java.util.EnumMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.policy.CacheResult;
import org.edgecache.policy.SquidCode;
import org.edgecache.policy.TransactionError;

/**
 * The end of every client transaction through {@link CacheFilter}: counts the request by method, its body bytes,
 * its TCP log-code family ({@code proxy.process.http.tcp_hit_count}, {@code …_user_agent_bytes},
 * {@code …_origin_server_bytes}), and writes its access log line. Statistic names are computed once, here; nothing
 * is formatted when the access log is off.
 */
final class ClientTransactions {
    static final String GET = "proxy.process.http.get_requests";
    static final String HEAD = "proxy.process.http.head_requests";
    static final String POST = "proxy.process.http.post_requests";
    static final String PUT = "proxy.process.http.put_requests";
    static final String DELETE = "proxy.process.http.delete_requests";
    static final String OPTIONS = "proxy.process.http.options_requests";
    static final String TRACE = "proxy.process.http.trace_requests";
    static final String CONNECT = "proxy.process.http.connect_requests";
    static final String EXTENSION = "proxy.process.http.extension_method_requests";

    private record Family(String count, String userAgentBytes, String originServerBytes) {
    }

    private static final Map<SquidCode, Family> FAMILIES = new EnumMap<>(SquidCode.class);

    static {
        for (SquidCode c : SquidCode.values()) {
            FAMILIES.put(c, new Family(c.statPrefix() + "count", c.statPrefix() + "user_agent_bytes",
                    c.statPrefix() + "origin_server_bytes"));
        }
    }

    private ClientTransactions() {
    }

    /** Registers every counter at 0, so that the statistics list them from the start. */
    static void register(Stats stats) {
        for (String name : new String[] {GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, CONNECT, EXTENSION}) {
            stats.add(name, 0);
        }
        for (Family f : FAMILIES.values()) {
            stats.add(f.count(), 0);
            stats.add(f.userAgentBytes(), 0);
            stats.add(f.originServerBytes(), 0);
        }
    }

    /** Counts an arriving client request (PUSH and PURGE are counted by their handlers). */
    static void begin(Stats stats, String method) {
        stats.increment(Stats.INCOMING_REQUESTS);
        String counter = switch (method) {
            case "GET" -> GET;
            case "HEAD" -> HEAD;
            case "POST" -> POST;
            case "PUT" -> PUT;
            case "DELETE" -> DELETE;
            case "OPTIONS" -> OPTIONS;
            case "TRACE" -> TRACE;
            case "CONNECT" -> CONNECT;
            case "PUSH", "PURGE" -> null;
            default -> EXTENSION;
        };
        if (counter != null) {
            stats.increment(counter);
        }
    }

    /**
     * Counts the finished transaction and writes its line.
     *
     * @param result what the cache did (NOT_CACHED when no cache transaction ran)
     * @param error  how it failed on the client's side or in the filter chain, if it did; origin failures are read
     *               from the request
     */
    static void end(Engine engine, HttpServletRequest request, CountingResponse response, long startMillis,
            long startNanos, CacheResult result, boolean clientNoCache, TransactionError error) {
        Stats stats = engine.stats();
        long bytes = response.bytes();
        stats.add(Stats.CLIENT_BODY_BYTES, bytes);
        if (error == TransactionError.NONE
                && request.getAttribute(OriginFailure.ATTRIBUTE) instanceof OriginFailure failure) {
            error = switch (failure) {
                case UNREACHABLE -> TransactionError.ORIGIN_UNREACHABLE;
                case TIMEOUT -> TransactionError.ORIGIN_TIMEOUT;
                case BAD_RESPONSE -> TransactionError.ORIGIN_BAD_RESPONSE;
                case CONGESTED, OVER_LIMIT -> TransactionError.ORIGIN_REFUSED;
            };
        }
        boolean conditional = result != CacheResult.NOT_CACHED
                && (request.getHeader("If-Modified-Since") != null || request.getHeader("If-None-Match") != null);
        SquidCode code = SquidCode.of(result, error, clientNoCache, conditional);
        if (code == SquidCode.TCP_IMS_HIT) {
            stats.increment(Stats.HIT_IMS);
        } else if (code == SquidCode.TCP_IMS_MISS) {
            stats.increment(Stats.MISS_IMS);
        }
        Family family = FAMILIES.get(code);
        stats.increment(family.count());
        stats.add(family.userAgentBytes(), bytes);
        Object originBytes = request.getAttribute(AccessLog.ORIGIN_BYTES);
        if (originBytes instanceof Long n) {
            stats.add(family.originServerBytes(), n);
        }
        AccessLog log = engine.accessLog();
        if (log.on()) {
            long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
            StringBuffer url = request.getRequestURL();
            String query = request.getQueryString();
            if (query != null) {
                url.append('?').append(query);
            }
            Object host = request.getAttribute(AccessLog.ORIGIN_HOST);
            StringBuilder line = new StringBuilder(160);
            AccessLogLine.append(line, startMillis, elapsed, request.getRemoteAddr(), code, response.getStatus(),
                    bytes, request.getMethod(), url.toString(), host instanceof String h ? h : null,
                    response.getContentType());
            log.write(line.toString());
        }
    }
}
