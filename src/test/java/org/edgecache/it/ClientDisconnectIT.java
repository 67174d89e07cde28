package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.edgecache.web.BackgroundFetchFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client goes away at every stage of a transaction: during its request head, in the middle of a miss's body,
 * in the middle of a hit's body, while it waits behind a collapsed fetch, while a background fetch it started
 * runs. Afterwards nothing is left over: no origin connection lent out, no fetch in flight, no background fetch,
 * no thread inside edgecache code, no waiter ({@link EngineProbe}); and the next client gets the right bytes.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientDisconnectIT extends EdgeFixture {
    private static final int BIG = 8 * 1024 * 1024;

    private TestOrigin origin;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        release.countDown();
    }

    private URI deploy(Deployment d) throws Exception {
        return edge.deploy(EngineProbe.addTo(d));
    }

    private void bigObject(String path, String cacheControl) {
        origin.on(path, ex -> {
            ex.getResponseHeaders().add("Cache-Control", cacheControl);
            ex.sendResponseHeaders(200, BIG);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, BIG);
            } catch (IOException proxyWentAway) {
                // the proxy gave the fetch up: allowed
            }
        });
    }

    /** Sends a GET, reads this many body bytes (checking them), then resets the connection. */
    private static void readPartThenReset(URI proxy, String path, int bytes, String... headers) throws IOException {
        try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
            StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: x\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            skipHead(in);
            byte[] got = in.readNBytes(bytes);
            assertThat(got).isEqualTo(Pattern.bytes(0, bytes));
            s.setSoLinger(true, 0);
        }
    }

    private static String skipHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the head: " + head);
            }
            head.append((char) c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString();
    }

    private static void assertWholeObject(URI proxy, String path) throws IOException {
        RawHttp.Response r = RawHttp.exchange(proxy, "GET " + path + " HTTP/1.1", "Host: x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length).isEqualTo(BIG);
        assertThat(r.body()).isEqualTo(Pattern.bytes(0, BIG));
    }

    private static void assertIdle(URI proxy) {
        OriginFaultsIT.assertIdle(proxy);
    }

    @Test
    void duringTheRequestHead() throws Exception {
        origin = edge.origin();
        bigObject("/head", "max-age=600");
        URI proxy = deploy(Deployment.cached(origin.url()));
        for (String part : new String[] {"GE", "GET /head HT", "GET /head HTTP/1.1\r\nHo", "GET /head HTTP/1.1\r\n"}) {
            try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
                s.getOutputStream().write(part.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                s.setSoLinger(true, 0);
            }
        }
        assertIdle(proxy);
        assertThat(origin.count()).isZero();
        assertWholeObject(proxy, "/head");
    }

    @Test
    void inTheMiddleOfAMissBody() throws Exception {
        origin = edge.origin();
        bigObject("/miss", "max-age=600");
        bigObject("/miss-uncacheable", "no-store");
        URI proxy = deploy(Deployment.cached(origin.url()));
        readPartThenReset(proxy, "/miss", 256 * 1024);
        readPartThenReset(proxy, "/miss-uncacheable", 256 * 1024);
        assertIdle(proxy);
        // stored by the background fill or fetched again: either way, the whole object, right
        assertWholeObject(proxy, "/miss");
        assertWholeObject(proxy, "/miss-uncacheable");
        assertIdle(proxy);
    }

    @Test
    void inTheMiddleOfAHitBody() throws Exception {
        origin = edge.origin();
        bigObject("/hit", "max-age=600");
        URI proxy = deploy(Deployment.cached(origin.url()));
        assertWholeObject(proxy, "/hit");
        for (int i = 0; i < 5; i++) {
            readPartThenReset(proxy, "/hit", 64 * 1024 * (i + 1));
        }
        assertIdle(proxy);
        assertWholeObject(proxy, "/hit");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void whileWaitingBehindACollapsedFetch() throws Exception {
        origin = edge.origin();
        origin.on("/herd", ex -> {
            await(release);
            TestOrigin.respond(ex, 200, "the herd's object", "Cache-Control", "max-age=600");
        });
        URI proxy = deploy(Deployment.cached(origin.url()).filter("collapse",
                "org.edgecache.web.CollapsedForwardingFilter", Map.of("delay", "100", "retries", "100"), "/*"));
        CompletableFuture<RawHttp.Response> leader = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.exchange(proxy, "GET /herd HTTP/1.1", "Host: x");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> origin.count() == 1);
        Socket follower = new Socket(proxy.getHost(), proxy.getPort());
        follower.getOutputStream().write("GET /herd HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> EngineProbe.read(proxy).get("collapsed-waiters") == 1);
        follower.setSoLinger(true, 0);
        follower.close();
        release.countDown();
        RawHttp.Response r = leader.get(20, TimeUnit.SECONDS);
        assertThat(r.text()).isEqualTo("the herd's object");
        assertIdle(proxy);
        assertThat(origin.count()).isEqualTo(1);
        assertThat(RawHttp.exchange(proxy, "GET /herd HTTP/1.1", "Host: x").text()).isEqualTo("the herd's object");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void whileABackgroundFetchRuns() throws Exception {
        origin = edge.origin();
        PatternRanges object = new PatternRanges(BIG, "Cache-Control", "max-age=600", "ETag", "\"v1\"");
        java.util.concurrent.atomic.AtomicInteger fullGets = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/bg", ex -> {
            if (ex.getRequestHeaders().getFirst("Range") == null) {
                fullGets.incrementAndGet();
                await(release);
            }
            object.handle(ex);
        });
        URI proxy = deploy(Deployment.proxyTo(origin.url())
                .filter("bgfetch", BackgroundFetchFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*"));
        try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
            s.getOutputStream().write("GET /bg HTTP/1.1\r\nHost: x\r\nRange: bytes=0-999999\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            assertThat(skipHead(in)).startsWith("HTTP/1.1 206");
            assertThat(in.readNBytes(1000)).isEqualTo(Pattern.bytes(0, 1000));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fullGets.get() == 1);
            assertThat(EngineProbe.read(proxy).get("background")).isEqualTo(1);
            s.setSoLinger(true, 0);
        }
        release.countDown();
        assertIdle(proxy);
        RawHttp.Response full = RawHttp.exchange(proxy, "GET /bg HTTP/1.1", "Host: x");
        assertThat(full.body()).isEqualTo(Pattern.bytes(0, BIG));
        assertThat(full.header("Cache-Status")).startsWith("edgecache; hit");
        assertThat(fullGets.get()).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
