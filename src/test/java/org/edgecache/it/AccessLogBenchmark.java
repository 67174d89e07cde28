package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.edgecache.web.MetricsServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the access log costs on the hit path (not part of {@code mvn verify}; run it with
 * {@code mvn -o verify -Dtest=None -Dit.test=AccessLogBenchmark -Dsurefire.failIfNoSpecifiedTests=false}):
 * the same fresh 1 KiB hit, from 4 client threads, through edgecache in Jetty with the access log off, to its own
 * file, and to SLF4J (java.util.logging, the container's console). Two rounds of the three (the first warms the JVM
 * up); prints hits per second of each, measured after a warm-up of each deployment.
 */
class AccessLogBenchmark {
    @TempDir
    Path work;

    private static final int REQUESTS = Integer.getInteger("bench.requests", 20_000);
    private static final int THREADS = 4;

    @Test
    void hitPath() throws Exception {
        String container = System.getProperty("bench.container", "jetty");
        try (TestOrigin origin = new TestOrigin()) {
            origin.on("/", ex -> TestOrigin.respond(ex, 200, "x".repeat(1024), "Cache-Control", "max-age=3600"));
            String[][] modes = {
                {"off", "edgecache.access-log", "false"},
                {"file", "edgecache.access-log.file", work.resolve("access.log").toString()},
                {"slf4j", "edgecache.access-log", "true"},
                {"off", "edgecache.access-log", "false"},
                {"file", "edgecache.access-log.file", work.resolve("access2.log").toString()},
                {"slf4j", "edgecache.access-log", "true"},
            };
            System.out.printf("%nfresh 1 KiB hits, %d requests from %d threads, %s%n", REQUESTS, THREADS, container);
            for (int m = 0; m < modes.length; m++) {
                String[] mode = modes[m];
                Path dir = Files.createDirectories(work.resolve(mode[0] + m));
                try (Container c = Container.create(container)) {
                    URI proxy = c.start(Deployment.cached(origin.url())
                            .servlet("metrics", MetricsServlet.class.getName(), Map.of(), "/edgecache/metrics")
                            .contextParam(mode[1], mode[2]), dir);
                    run(proxy, REQUESTS / 4);
                    long start = System.nanoTime();
                    run(proxy, REQUESTS);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("round %d: access log %-6s %8.0f hits/s%n", m / 3 + 1, mode[0],
                            REQUESTS / seconds);
                }
            }
            assertThat(Files.lines(work.resolve("access.log")).count()).isEqualTo(REQUESTS + REQUESTS / 4);
        }
    }

    private static void run(URI proxy, int requests) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    int ok = 0;
                    HttpRequest r = HttpRequest.newBuilder(proxy.resolve("/a")).build();
                    for (int i = 0; i < requests / THREADS; i++) {
                        if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(requests / THREADS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
