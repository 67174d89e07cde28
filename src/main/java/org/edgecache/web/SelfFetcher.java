package org.edgecache.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Locale;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.edgecache.http.HttpFields;

/**
 * The scheduled updater's HTTP client: GETs a URL through this web application's own cache (at {@link SelfUrl}),
 * as a client of the proxy would, so that the response lands in the cache. Sends the URL's path and query with the
 * URL's authority as Host, the entry's request headers, and {@code Cache-Control: max-age=0} unless the entry sets
 * its own Cache-Control (so a stored copy is revalidated, and a missing one fetched and stored). Reads every body
 * to its end (the cache stores what streams through); keeps the bytes of a 200 HTML page, up to a limit, for link
 * extraction.
 */
final class SelfFetcher implements UpdateRun.Fetcher, AutoCloseable {
    /** The largest HTML page whose links are followed. */
    static final int MAX_HTML_BYTES = 8 << 20;

    private final SelfUrl self;
    private final CloseableHttpClient client;

    SelfFetcher(SelfUrl self, int maxConnections) {
        this(self, maxConnections, "edgecache-update");
    }

    /** @param userAgent sent when a request has no User-Agent of its own */
    SelfFetcher(SelfUrl self, int maxConnections, String userAgent) {
        this.self = self;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(maxConnections)
                        .setMaxConnPerRoute(maxConnections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(10))
                                .setSocketTimeout(Timeout.ofSeconds(120))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.ofSeconds(120))
                        .setRedirectsEnabled(false)
                        .build())
                .disableContentCompression()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .disableAuthCaching()
                .setUserAgent(userAgent)
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    @Override
    public UpdateRun.Fetched fetch(URI url, HttpFields headers) throws IOException {
        URI base = self.url();
        if (base == null) {
            throw new IOException("this cache's own URL is not known yet (set edgecache.self-url)");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        HttpGet get = new HttpGet(base.toString() + target);
        get.setHeader("Host", url.getRawAuthority());
        for (HttpFields.Field f : headers) {
            get.addHeader(f.name(), f.value());
        }
        if (!headers.contains("Cache-Control")) {
            get.setHeader("Cache-Control", "max-age=0");
        }
        return client.execute(get, response -> {
            HttpEntity entity = response.getEntity();
            byte[] html = null;
            String charset = null;
            if (entity != null) {
                ContentType type = contentType(entity);
                try (InputStream in = entity.getContent()) {
                    if (response.getCode() == 200 && isHtml(type)) {
                        html = in.readNBytes(MAX_HTML_BYTES + 1);
                        if (html.length > MAX_HTML_BYTES) {
                            html = null;
                        }
                        charset = type.getCharset() == null ? null : type.getCharset().name();
                    }
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            return new UpdateRun.Fetched(response.getCode(), html, charset);
        });
    }

    /** What a replayed request got: the status, the bytes read (head as received plus body), its Cache-Status. */
    record Replayed(int status, long bytes, String cacheStatus) {
    }

    /**
     * GETs the request-target (path and query) through this web application's own cache with exactly the given
     * header fields (Host among them), and reads the body to its end, counting it (background_fetch's replay).
     *
     * @throws IOException the cache's URL is unknown, or the exchange failed (a timeout, a body cut short, …)
     */
    Replayed replay(String target, HttpFields headers) throws IOException {
        URI base = self.url();
        if (base == null) {
            throw new IOException("this cache's own URL is not known yet (set edgecache.self-url)");
        }
        HttpGet get = new HttpGet(base.toString() + target);
        for (HttpFields.Field f : headers) {
            get.addHeader(f.name(), f.value());
        }
        return client.execute(get, response -> {
            String reason = response.getReasonPhrase() == null ? "" : response.getReasonPhrase();
            long bytes = "HTTP/1.1 200 ".length() + reason.length() + 2L;
            for (org.apache.hc.core5.http.Header h : response.getHeaders()) {
                bytes += h.getName().length() + 2 + h.getValue().length() + 2;
            }
            bytes += 2;
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    bytes += in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            org.apache.hc.core5.http.Header cs = response.getFirstHeader("Cache-Status");
            return new Replayed(response.getCode(), bytes, cs == null ? null : cs.getValue());
        });
    }

    private static ContentType contentType(HttpEntity entity) {
        try {
            return entity.getContentType() == null ? null : ContentType.parseLenient(entity.getContentType());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean isHtml(ContentType type) {
        if (type == null) {
            return false;
        }
        String mime = type.getMimeType().toLowerCase(Locale.ROOT);
        return mime.equals("text/html") || mime.equals("application/xhtml+xml");
    }

    @Override
    public void close() {
        client.close(CloseMode.IMMEDIATE);
    }

}
