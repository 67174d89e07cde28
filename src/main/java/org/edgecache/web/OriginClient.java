package org.edgecache.web;

import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The engine's one pooled HTTP client to the origins (Apache HttpClient 5, classic).
 *
 * <p>Set up as a proxy needs it: no content decoding, no redirects, no cookie jar, no retries, no User-Agent.
 * Each origin registers its connection limit and timeouts; requests are executed on the calling thread.
 */
public final class OriginClient implements Closeable {
    private final PoolingHttpClientConnectionManager pool;
    private final CloseableHttpClient client;
    private final Map<HttpHost, OriginConfig> origins = new ConcurrentHashMap<>();
    private final LongAdder connectionsEstablished = new LongAdder();

    public OriginClient(int maxConnectionsTotal) {
        this.pool = new PoolingHttpClientConnectionManagerBuilder() {
                    @Override
                    protected HttpClientConnectionOperator createConnectionOperator(SchemePortResolver ports,
                            DnsResolver dns, TlsSocketStrategy tls) {
                        return new CountingConnectionOperator(super.createConnectionOperator(ports, dns, tls),
                                connectionsEstablished);
                    }
                }
                .setMaxConnTotal(maxConnectionsTotal)
                .setMaxConnPerRoute(maxConnectionsTotal)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setConnectionConfigResolver(this::connectionConfig)
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .incomingContentLengthStrategy(OriginBodyLength.INSTANCE)
                        .build())
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .disableContentCompression()
                .disableRedirectHandling()
                .disableCookieManagement()
                .setRetryStrategy(new OriginRetry())
                .setRoutePlanner(new ParentRoutePlanner())
                .disableDefaultUserAgent()
                .disableAuthCaching()
                .setKeepAliveStrategy((response, context) -> {
                    HttpClientContext c = HttpClientContext.castOrCreate(context);
                    RequestConfig rc = c.getRequestConfigOrDefault();
                    long idle = rc.getConnectionKeepAlive() == null ? 30_000 : rc.getConnectionKeepAlive().toMilliseconds();
                    return new OriginKeepAlive(idle).getKeepAliveDuration(response, context);
                })
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** Registers an origin's limits; called by each proxy servlet at init. */
    public void register(HttpHost origin, OriginConfig config) {
        origins.put(origin, config);
        pool.setMaxPerRoute(new HttpRoute(origin), config.maxConnections());
    }

    private ConnectionConfig connectionConfig(HttpRoute route) {
        OriginConfig c = origins.get(route.getTargetHost());
        ConnectionConfig.Builder b = ConnectionConfig.custom();
        if (c != null) {
            b.setConnectTimeout(Timeout.ofMilliseconds(c.connectTimeoutMillis()))
                    .setSocketTimeout(Timeout.ofMilliseconds(c.timeoutMillis()))
                    .setTimeToLive(TimeValue.NEG_ONE_MILLISECOND)
                    .setValidateAfterInactivity(TimeValue.ofSeconds(1));
        }
        return b.build();
    }

    /**
     * Sends the request and returns the origin's response with its body not yet read. The caller must close
     * it, and must abort its body stream instead of closing it when the rest is not wanted (see
     * {@link OriginExchange}).
     */
    public ClassicHttpResponse open(HttpHost origin, ClassicHttpRequest request, OriginConfig config) throws IOException {
        return open(origin, request, config, null);
    }

    /** As {@link #open(HttpHost, ClassicHttpRequest, OriginConfig)}, with a connect timeout (null: the origin's). */
    public ClassicHttpResponse open(HttpHost origin, ClassicHttpRequest request, OriginConfig config,
            java.time.Duration connectTimeout) throws IOException {
        return client.executeOpen(origin, request, context(config, connectTimeout));
    }

    /**
     * As {@link #open(HttpHost, ClassicHttpRequest, OriginConfig, java.time.Duration)}, through a parent proxy: the
     * connection is made to the parent and the request line carries the origin's absolute URI (RFC 9112 §3.2.2).
     */
    public ClassicHttpResponse openVia(HttpHost parent, HttpHost origin, ClassicHttpRequest request,
            OriginConfig config, java.time.Duration connectTimeout) throws IOException {
        HttpClientContext context = context(config, connectTimeout);
        context.setAttribute(ParentRoutePlanner.PARENT, parent);
        return client.executeOpen(origin, request, context);
    }

    @SuppressWarnings("deprecation") // the per-request connect timeout is still honoured by the classic exec runtime
    private static HttpClientContext context(OriginConfig config, java.time.Duration connectTimeout) {
        HttpClientContext context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom()
                .setConnectTimeout(connectTimeout == null ? null : Timeout.of(connectTimeout))
                .setResponseTimeout(Timeout.ofMilliseconds(config.timeoutMillis()))
                .setConnectionKeepAlive(TimeValue.ofMilliseconds(config.idleTimeoutMillis()))
                .setRedirectsEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .setExpectContinueEnabled(false)
                .build());
        return context;
    }

    /** Connections to origins established since start (proxy.process.http.total_server_connections). */
    public long connectionsEstablished() {
        return connectionsEstablished.sum();
    }

    /** Connections to origins open now, in use or idle in the pool (proxy.process.http.current_server_connections). */
    public long connectionsOpen() {
        PoolStats s = pool.getTotalStats();
        return (long) s.getLeased() + s.getAvailable();
    }

    /** Connections to the origins lent out now (a request holds one): zero when nothing is in flight. */
    public int leasedConnections() {
        return pool.getTotalStats().getLeased();
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
        pool.close(CloseMode.GRACEFUL);
    }
}
