package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.edgecache.web.BackgroundFetchFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The background_fetch measurement (not part of {@code mvn verify}; run with
 * {@code mvn -B -o failsafe:integration-test -Dit.test=BackgroundFetchBenchmark -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dit.heap="-Xmx256m -Dbench.size=67108864 -Dbench.container=jetty"}): one range request on a cold object of
 * {@code bench.size} bytes, the time until its 206 is complete, the time until the background fetch has the whole
 * object in the cache, then {@code bench.ranges} random ranges and a plain GET, which must all be hits (the origin
 * saw the range and one full GET).
 */
class BackgroundFetchBenchmark {
    @TempDir
    Path work;

    private static final long SIZE = Long.getLong("bench.size", 64L << 20);
    private static final int RANGES = Integer.getInteger("bench.ranges", 50);
    private static final String CONTAINER = System.getProperty("bench.container", "jetty");

    @Test
    void fill() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (TestOrigin origin = new TestOrigin(); Container container = Container.create(CONTAINER)) {
            PatternRanges object = new PatternRanges(SIZE, "Cache-Control", "max-age=3600", "ETag", "\"b\"");
            origin.on("/big", object);
            URI proxy = container.start(Deployment.proxyTo(origin.url())
                    .filter("bgfetch", BackgroundFetchFilter.class.getName(), Map.of(), "/*")
                    .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*")
                    .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats"), work);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> first = http.send(HttpRequest.newBuilder(proxy.resolve("/big"))
                    .header("Range", "bytes=0-1023").build(), HttpResponse.BodyHandlers.ofByteArray());
            long firstMs = ms(System.nanoTime() - t0);
            assertThat(first.statusCode()).isEqualTo(206);
            Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> StatsPage.value(proxy, "edgecache.background_fetch.completed") == 1);
            long filledMs = ms(System.nanoTime() - t0);
            Random random = new Random(1);
            long t1 = System.nanoTime();
            int hits = 0;
            for (int i = 0; i < RANGES; i++) {
                long from = (long) (random.nextDouble() * (SIZE - 65536));
                HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/big"))
                        .header("Range", "bytes=" + from + "-" + (from + 65535)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(206);
                assertThat(Pattern.verify(r.body(), from)).isEqualTo(65536);
                hits += r.headers().firstValue("Cache-Status").orElse("").startsWith("edgecache; hit") ? 1 : 0;
            }
            long rangesMs = ms(System.nanoTime() - t1);
            HttpResponse<java.io.InputStream> plain = http.send(HttpRequest.newBuilder(proxy.resolve("/big")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(Pattern.verify(plain.body(), 0)).isEqualTo(SIZE);
            System.out.printf("RESULT background_fetch %s size=%d: first 206 (1 KiB) %d ms; whole object in cache %d ms"
                    + " after the range request; %d random 64 KiB ranges %d ms, %d hits; origin requests %d"
                    + " (full GETs %d)%n", CONTAINER, SIZE, firstMs, filledMs, RANGES, rangesMs, hits, origin.count(),
                    object.requests("none"));
            assertThat(hits).isEqualTo(RANGES);
            assertThat(origin.count()).isEqualTo(2);
        }
    }


    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
