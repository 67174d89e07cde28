package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Origin protection through each container: congestion control against an origin that refuses connections,
 * the per-server connection limit under 100 concurrent misses, and a slow client on a 1 GiB object.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginProtectionIT {
    private static final long ONE_GIB = 1024L * 1024 * 1024;

    @Parameter
    String containerName;

    @TempDir
    Path work;

    private final ExecutorService clients = Executors.newFixedThreadPool(100);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private Container container;
    private final List<AutoCloseable> origins = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        if (container != null) {
            container.close();
        }
        for (AutoCloseable o : origins) {
            o.close();
        }
    }

    private TestOrigin origin(int port) throws IOException {
        TestOrigin o = new TestOrigin(port);
        origins.add(o);
        return o;
    }

    private URI deploy(Deployment d) throws Exception {
        container = Container.create(containerName);
        return container.start(d, work.resolve("container"));
    }

    private HttpResponse<String> get(URI proxy, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anOriginThatRefusesConnectionsIsCongestedAndGetsNoRequestsUntilItsRetryTimeWhileCachedObjectsAreServed()
            throws Exception {
        TestOrigin first = origin(0);
        int port = first.port();
        first.on("/fresh", ex -> TestOrigin.respond(ex, 200, "fresh body", "Cache-Control", "max-age=600"));
        first.on("/stale", ex -> TestOrigin.respond(ex, 200, "stale body", "Cache-Control", "max-age=0"));
        Path rules = work.resolve("congestion.config");
        Files.writeString(rules, "# the test origin\n"
                + "dest_ip=127.0.0.1 max_connection_failures=2 fail_window=60 proxy_retry_interval=2"
                + " client_wait_interval=7 wait_interval_alpha=0 error_page=busy.html\n");
        Files.writeString(work.resolve("busy.html"), "<html><body>origin busy, come back later</body></html>\n");
        URI proxy = deploy(Deployment.cached(first.url())
                .contextParam("proxy.config.http.congestion_control.enabled", "1")
                .contextParam("proxy.config.http.congestion_control.filename", rules.toString()));

        assertThat(get(proxy, "/fresh").statusCode()).isEqualTo(200);
        assertThat(get(proxy, "/stale").statusCode()).isEqualTo(200);
        first.close();

        // two refused connections within the window: the origin is congested
        assertThat(get(proxy, "/miss-1").statusCode()).isEqualTo(502);
        long congestedAt = System.nanoTime(); // just before the failure that congests it
        assertThat(get(proxy, "/miss-2").statusCode()).isEqualTo(502);
        HttpResponse<String> refused = get(proxy, "/miss-3");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(refused.body()).contains("origin busy, come back later");

        // cached objects are still served: a fresh hit, and a stale copy in place of the congested origin's 503
        HttpResponse<String> fresh = get(proxy, "/fresh");
        assertThat(fresh.statusCode()).isEqualTo(200);
        assertThat(fresh.body()).isEqualTo("fresh body");
        HttpResponse<String> stale = get(proxy, "/stale");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("stale body");

        // the origin comes back, but gets nothing until its retry time; then it is used again
        TestOrigin back = origin(port);
        back.on("/", ex -> TestOrigin.respond(ex, 200, "back", "Cache-Control", "no-store"));
        assertThat(get(proxy, "/miss-4").statusCode()).isEqualTo(503);
        assertThat(back.count()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(proxy, "/miss-5").statusCode() == 200);
        long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - congestedAt);
        assertThat(back.count()).isEqualTo(1);
        assertThat(recoveredMillis).isGreaterThanOrEqualTo(2_000);
        assertThat(get(proxy, "/miss-6").statusCode()).isEqualTo(200);
        System.out.printf("RESULT congestion %s: congested after 2 refused connections, origin asked again after"
                + " %d ms (proxy_retry_interval=2 s)%n", containerName, recoveredMillis);
    }

    @Test
    void anOriginAnswering503IsCongestedTooAndOtherOriginsAreNot() throws Exception {
        TestOrigin busy = origin(0);
        busy.on("/", ex -> TestOrigin.respond(ex, 503, "overloaded", "Cache-Control", "no-store"));
        TestOrigin other = origin(0);
        other.on("/", ex -> TestOrigin.respond(ex, 200, "fine", "Cache-Control", "no-store"));
        Path rules = Files.writeString(work.resolve("congestion.config"),
                "dest_host=127.0.0.1 port=" + busy.port() + " max_connection_failures=3 congestion_scheme=per_host\n"
                + "dest_host=127.0.0.1 max_connection_failures=3 congestion_scheme=per_host\n");
        URI proxy = deploy(Deployment.cached(busy.url())
                .servlet("other", "org.edgecache.web.OriginProxyServlet",
                        java.util.Map.of("proxyTo", other.url(), "prefix", "/other"), "/other/*")
                .contextParam("proxy.config.http.congestion_control.enabled", "true")
                .contextParam("proxy.config.http.congestion_control.filename", rules.toString()));
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = get(proxy, "/x-" + i);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("overloaded");
        }
        HttpResponse<String> refused = get(proxy, "/x-3");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("Origin Server Congested");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(busy.count()).isEqualTo(3);
        assertThat(get(proxy, "/other/y").statusCode()).isEqualTo(200);
        assertThat(other.count()).isEqualTo(1);
    }

    @Test
    void thePerServerConnectionLimitHoldsUnder100ConcurrentMisses() throws Exception {
        TestOrigin o = origin(0);
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        o.on("/", ex -> {
            most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                Thread.sleep(40); // a slow origin
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            atOnce.decrementAndGet();
            TestOrigin.respond(ex, 200, "ok", "Cache-Control", "max-age=600");
        });
        URI proxy = deploy(Deployment.cached(o.url())
                .contextParam("proxy.config.http.per_server.connection.max", "4")
                .contextParam("proxy.config.http.per_server.connection.queue_size", "-1")
                .contextParam("proxy.config.http.per_server.connection.queue_delay", "30000"));
        List<Integer> statuses = herd(proxy, 100);
        assertThat(statuses).containsOnly(200);
        assertThat(o.count()).isEqualTo(100);
        assertThat(most.get()).isBetween(1, 4);
        System.out.printf("RESULT limit %s: 100 concurrent misses, per_server.connection.max=4, at most %d at the"
                + " origin at once%n", containerName, most.get());
    }

    @Test
    void overTheLimitWithoutRoomInTheQueueA503ComesAtOnce() throws Exception {
        TestOrigin o = origin(0);
        AtomicInteger atOnce = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        o.on("/", ex -> {
            most.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            atOnce.decrementAndGet();
            TestOrigin.respond(ex, 200, "ok", "Cache-Control", "no-store");
        });
        URI proxy = deploy(Deployment.cached(o.url())
                .contextParam("proxy.config.http.per_server.connection.max", "2"));
        List<Future<Integer>> held = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String path = "/held-" + i;
            held.add(clients.submit(() -> get(proxy, path).statusCode()));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> atOnce.get() == 2);
        HttpResponse<String> over = get(proxy, "/one-more");
        assertThat(over.statusCode()).isEqualTo(503);
        assertThat(over.body()).contains("too many connections");
        release.countDown();
        for (Future<Integer> f : held) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        }
        assertThat(most.get()).isEqualTo(2);
        assertThat(get(proxy, "/after").statusCode()).isEqualTo(200);
    }

    private List<Integer> herd(URI proxy, int n) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "/miss-" + i;
            results.add(clients.submit(() -> {
                start.await();
                return get(proxy, path).statusCode();
            }));
        }
        start.countDown();
        List<Integer> out = new ArrayList<>();
        for (Future<Integer> f : results) {
            out.add(f.get(50, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void aSlowClientOnA1GibObjectKeepsTheHeapFlatAndTheOriginFollowsItsPace() throws Exception {
        for (boolean flowControl : new boolean[] {false, true}) {
            slowClient(flowControl);
        }
    }

    private void slowClient(boolean flowControl) throws Exception {
        TestOrigin o = origin(0);
        AtomicLong sent = new AtomicLong();
        AtomicInteger aborted = new AtomicInteger();
        o.on("/big", ex -> {
            ex.getResponseHeaders().add("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, ONE_GIB);
            OutputStream out = ex.getResponseBody();
            byte[] chunk = Pattern.bytes(0, 16 * 1024);
            try {
                for (long done = 0; done < ONE_GIB; done += chunk.length) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (IOException clientGone) {
                aborted.incrementAndGet();
                throw clientGone;
            }
        });
        Deployment d = Deployment.cached(o.url());
        if (flowControl) {
            d.contextParam("proxy.config.http.flow_control.enabled", "1")
                    .contextParam("proxy.config.http.flow_control.high_water", "16k");
        }
        URI proxy = deploy(d);
        long heapBefore = usedHeapAfterGc();
        long read = 0;
        long sentAtHalf = 0;
        long readAtHalf = 0;
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(64 * 1024);
            s.connect(new java.net.InetSocketAddress(proxy.getHost(), proxy.getPort()));
            s.getOutputStream().write(("GET /big HTTP/1.1\r\nHost: " + proxy.getHost() + ":" + proxy.getPort()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[10 * 1024];
            long t0 = System.nanoTime();
            // 100 KiB/s for 1.2 s: 10 KiB every 100 ms (pacing the client, not synchronising)
            for (int tick = 1; tick <= 12; tick++) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
                if (tick == 2) {
                    sentAtHalf = sent.get();
                    readAtHalf = read;
                }
                long next = t0 + TimeUnit.MILLISECONDS.toNanos(100L * tick);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                }
            }
            long heapDuring = usedHeapAfterGc();
            long sentByEnd = sent.get();
            long originLastSecond = sentByEnd - sentAtHalf;
            long clientLastSecond = read - readAtHalf;
            System.out.printf("RESULT slow client %s flow_control=%s: client read %d KiB in 1.2 s, origin sent %d KiB"
                    + " of 1 GiB (%d KiB in the last second vs the client's %d KiB); heap %d MiB before, %d MiB"
                    + " during%n", containerName, flowControl, read / 1024, sentByEnd / 1024,
                    originLastSecond / 1024, clientLastSecond / 1024, heapBefore >> 20, heapDuring >> 20);
            // what the origin sent beyond what the client read sits in socket buffers and one relay buffer
            assertThat(sentByEnd - read).isLessThan(32L * 1024 * 1024);
            assertThat(originLastSecond).isLessThan(8L * 1024 * 1024);
            assertThat(heapDuring - heapBefore).isLessThan(32L * 1024 * 1024);
        }
        // the client went away: the origin's stream is aborted, not drained
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> aborted.get() == 1);
        assertThat(sent.get()).isLessThan(ONE_GIB);
        container.close();
        container = null;
    }

    @Test
    @SuppressWarnings("try") // the socket is closed early on purpose: the client goes away
    void aFastPostClientToASlowOriginIsHeldBackAndTheHeapStaysFlat() throws Exception {
        TestOrigin o = origin(0);
        AtomicLong originRead = new AtomicLong();
        o.on("/upload", ex -> {
            InputStream in = ex.getRequestBody();
            byte[] buf = new byte[10 * 1024];
            long t0 = System.nanoTime();
            // the origin takes 100 KiB/s (pacing, not synchronising) until the client goes away
            for (int tick = 1; ; tick++) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                originRead.addAndGet(n);
                long wait = t0 + TimeUnit.MILLISECONDS.toNanos(100L * tick) - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            TestOrigin.respond(ex, 200, "got it", "Cache-Control", "no-store");
        });
        // flow control for this URL pattern only (ATS's conf_remap)
        URI proxy = deploy(Deployment.cached(o.url()).filter("upload-flow", "org.edgecache.web.ConfRemapFilter",
                java.util.Map.of("proxy.config.http.flow_control.enabled", "1",
                        "proxy.config.http.flow_control.high_water", "16k"), "/upload"));
        long heapBefore = usedHeapAfterGc();
        AtomicLong written = new AtomicLong();
        try (Socket s = new Socket()) {
            s.setSendBufferSize(64 * 1024);
            s.connect(new java.net.InetSocketAddress(proxy.getHost(), proxy.getPort()));
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: " + proxy.getHost() + ":" + proxy.getPort()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + ONE_GIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            Future<?> writer = clients.submit(() -> {
                byte[] chunk = Pattern.bytes(0, 64 * 1024);
                try {
                    for (long done = 0; done < ONE_GIB; done += chunk.length) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the test closed the socket
                }
                return null;
            });
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> originRead.get() >= 60 * 1024);
            long heapDuring = usedHeapAfterGc();
            System.out.printf("RESULT fast POST %s: client wrote %d KiB of 1 GiB, the origin read %d KiB; heap %d MiB"
                    + " before, %d MiB during%n", containerName, written.get() / 1024, originRead.get() / 1024,
                    heapBefore >> 20, heapDuring >> 20);
            assertThat(written.get() - originRead.get()).isLessThan(32L * 1024 * 1024);
            assertThat(heapDuring - heapBefore).isLessThan(32L * 1024 * 1024);
            s.close();
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
