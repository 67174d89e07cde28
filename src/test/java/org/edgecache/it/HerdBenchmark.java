package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thundering-herd benchmark (not part of {@code mvn verify}; run by bench/herd.sh): N clients at once on a cold
 * object whose origin waits a second, through edgecache in Jetty with collapsed forwarding, against the same herd
 * with no cache (the plain proxy) as the baseline measured in the same run. Prints origin requests and p50/p99
 * completion times.
 */
class HerdBenchmark {
    @TempDir
    Path work;

    private static final int CLIENTS = Integer.getInteger("bench.clients", 500);
    private static final long SIZE = Long.getLong("bench.size", 1024 * 1024);
    private static final long ORIGIN_DELAY_MS = 1000;

    @Test
    void herd() throws Exception {
        String container = System.getProperty("bench.container", "jetty");
        // a warm-up of both targets first (class loading, JIT, connection setup), then the measured runs
        run(container, false, 10, "warm-plain");
        run(container, true, 10, "warm-cached");
        Result plain = run(container, false, CLIENTS, "plain");
        Result cached = run(container, true, CLIENTS, "cached");
        System.out.printf("%nherd of %d clients, %d-byte object, origin waits %d ms, %s%n", CLIENTS, SIZE,
                ORIGIN_DELAY_MS, container);
        System.out.printf("%-34s %8s %8s %8s %8s %8s%n", "target", "origin", "p50 ms", "p99 ms", "max ms", "non-200");
        cached.print("edgecache + collapsed forwarding");
        plain.print("plain proxy (no cache), baseline");
        System.out.printf("origin requests: %d vs %d; p99 ratio edgecache/baseline: %.2f%n", cached.originRequests,
                plain.originRequests, (double) cached.p(99) / plain.p(99));
        assertThat(cached.originRequests).isEqualTo(1);
        assertThat(cached.failed).isZero();
    }

    private record Result(int originRequests, List<Long> millis, int failed) {
        long p(int percentile) {
            List<Long> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
        }

        void print(String name) {
            System.out.printf("%-34s %8d %8d %8d %8d %8d%n", name, originRequests, p(50), p(99), p(100), failed);
        }
    }

    private Result run(String containerName, boolean cache, int clientCount, String name) throws Exception {
        try (TestOrigin origin = new TestOrigin(); Container container = Container.create(containerName)) {
            origin.on("/herd", ex -> {
                try {
                    Thread.sleep(ORIGIN_DELAY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ex.getResponseHeaders().add("Cache-Control", "max-age=600");
                ex.sendResponseHeaders(200, SIZE);
                try (OutputStream out = ex.getResponseBody()) {
                    Pattern.write(out, 0, SIZE);
                }
            });
            Deployment d = cache
                    ? Deployment.cached(origin.url()).filter("collapse", "org.edgecache.web.CollapsedForwardingFilter",
                            Map.of(), "/*")
                    : Deployment.proxyTo(origin.url(), "maxConnections", Integer.toString(CLIENTS));
            URI proxy = container.start(d, work.resolve(name));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(16)).build();
            ExecutorService clients = Executors.newFixedThreadPool(clientCount);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < clientCount; i++) {
                    results.add(clients.submit(() -> {
                        go.await();
                        long t0 = System.nanoTime();
                        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/herd")).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            if (r.statusCode() != 200) {
                                System.out.println(name + ": status " + r.statusCode() + ": "
                                        + new String(in.readNBytes(200), java.nio.charset.StandardCharsets.UTF_8).trim());
                                return -1L;
                            }
                            assertThat(Pattern.verify(in, 0)).isEqualTo(SIZE);
                        }
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    }));
                }
                go.countDown();
                List<Long> millis = new ArrayList<>();
                int failed = 0;
                for (Future<Long> f : results) {
                    long m = f.get(300, TimeUnit.SECONDS);
                    if (m < 0) {
                        failed++;
                    } else {
                        millis.add(m);
                    }
                }
                return new Result(origin.count(), millis, failed);
            } finally {
                clients.shutdownNow();
            }
        }
    }
}
