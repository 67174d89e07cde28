package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.edgecache.web.RangeCacheKeyFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurement of the cache_range_requests issue (seed 001: "thousands of range requests for a very large
 * object"): 2,000 range requests over 500 distinct ranges of a 256 MiB object reach the origin exactly 500 times,
 * every body is byte-exact, and the store holds 500 separate objects, one per range.
 *
 * <p>The origin generates only the bytes of each range it is asked for (from {@link Pattern}), so the object's
 * size costs nothing; the ranges (1 byte to 256 KiB; closed, open-ended near the end, and suffix forms) are spread
 * over the whole object. The first request of every range goes out once, from 4 threads; once the store has
 * committed all 500 (read from the stats servlet: a commit happens after the body reached the client, so a second
 * request racing it could miss, and collapsed forwarding is not this filter's job), the remaining 1,500 come in
 * shuffled from the same threads and must all be hits. {@code bench/range-requests.sh} runs it with other numbers
 * (system properties {@code edgecache.bench.*}).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RangeRequestsLoadIT {
    private static final long SIZE = Long.getLong("edgecache.bench.size", 256L * 1024 * 1024);
    private static final int RANGES = Integer.getInteger("edgecache.bench.ranges", 500);
    private static final int REQUESTS_PER_RANGE = Integer.getInteger("edgecache.bench.requests-per-range", 4);
    private static final int THREADS = Integer.getInteger("edgecache.bench.threads", 4);
    private static final int MAX_RANGE = Integer.getInteger("edgecache.bench.max-range", 64 * 1024);

    @Parameter
    String containerName;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Container container;
    private TestOrigin origin;

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /** One distinct range: the Range value, and the bytes it selects. */
    private record Wanted(String range, long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    @Test
    void thousandsOfRangeRequestsReachTheOriginOncePerRange() throws Exception {
        origin = new TestOrigin();
        PatternRanges object = new PatternRanges(SIZE, "Cache-Control", "max-age=3600", "ETag", "\"big\"");
        origin.on("/big", object);
        container = Container.create(containerName);
        URI proxy = container.start(Deployment.proxyTo(origin.url())
                .filter("crr", RangeCacheKeyFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*")
                .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats"), work);
        List<Wanted> ranges = ranges(new Random(20261122L));
        long bytesPerRound = ranges.stream().mapToLong(Wanted::length).sum();

        long t0 = System.nanoTime();
        run(proxy, ranges);
        long t1 = System.nanoTime();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> stat(proxy, "proxy.process.http.cache_writes") >= RANGES);
        long t2 = System.nanoTime();
        List<Wanted> repeats = new ArrayList<>();
        for (int i = 1; i < REQUESTS_PER_RANGE; i++) {
            repeats.addAll(ranges);
        }
        Collections.shuffle(repeats, new Random(7));
        run(proxy, repeats);
        long t3 = System.nanoTime();

        assertThat(origin.count()).isEqualTo(RANGES);
        assertThat(object.byRange()).hasSize(RANGES);
        assertThat(object.byRange().values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        Map<String, Long> stats = stats(proxy);
        assertThat(stats.get("proxy.process.http.cache_writes")).isEqualTo(RANGES);
        assertThat(stats.get("proxy.process.http.cache_write_errors")).isZero();
        assertThat(stats.get("proxy.process.http.cache_hit_fresh")).isEqualTo((long) RANGES * (REQUESTS_PER_RANGE - 1));
        assertThat(stats.get("proxy.process.cache.direntries.used")).isEqualTo(RANGES);
        assertThat(stats.get("proxy.process.cache.bytes_used")).isEqualTo(bytesPerRound);

        double mib = 1024.0 * 1024;
        System.out.printf("RESULT %s: %d requests over %d ranges of a %d MiB object, %d threads; origin asked %d"
                + " times; first round %d ms (%.1f MiB), store commits awaited %d ms, %d repeats %d ms (%.1f MiB,"
                + " %.0f req/s); %d objects, %.1f MiB in the store%n", containerName,
                RANGES * REQUESTS_PER_RANGE, RANGES, SIZE >> 20, THREADS, origin.count(), ms(t1 - t0),
                bytesPerRound / mib, ms(t2 - t1), repeats.size(), ms(t3 - t2),
                bytesPerRound * (REQUESTS_PER_RANGE - 1) / mib, repeats.size() * 1e9 / (t3 - t2),
                stats.get("proxy.process.cache.direntries.used"), stats.get("proxy.process.cache.bytes_used") / mib);
    }

    /** Distinct ranges spread over the object: mostly closed, some open-ended near the end, some suffixes. */
    private static List<Wanted> ranges(Random random) {
        Map<String, Wanted> out = new LinkedHashMap<>();
        while (out.size() < RANGES) {
            int length = 1 + random.nextInt(MAX_RANGE);
            int form = random.nextInt(10);
            Wanted w;
            if (form == 0) {
                w = new Wanted("bytes=-" + length, SIZE - length, SIZE - 1);
            } else if (form == 1) {
                w = new Wanted("bytes=" + (SIZE - length) + "-", SIZE - length, SIZE - 1);
            } else {
                long first = (long) (random.nextDouble() * (SIZE - length));
                w = new Wanted("bytes=" + first + "-" + (first + length - 1), first, first + length - 1);
            }
            out.putIfAbsent(w.range(), w);
        }
        return new ArrayList<>(out.values());
    }

    /** Sends every request, from THREADS threads, checking status, Content-Range and every body byte. */
    private void run(URI proxy, List<Wanted> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < requests.size(); ) {
                        Wanted w = requests.get(i);
                        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/big"))
                                .header("Range", w.range()).build(), HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            assertThat(r.statusCode()).as(w.range()).isEqualTo(206);
                            assertThat(r.headers().firstValue("Content-Range")).as(w.range())
                                    .hasValue("bytes " + w.first() + "-" + w.last() + "/" + SIZE);
                            assertThat(Pattern.verify(in, w.first())).as(w.range()).isEqualTo(w.length());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, Long> stats(URI proxy) throws Exception {
        String text = http.send(HttpRequest.newBuilder(proxy.resolve("/edgecache/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                out.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
            }
        }
        return out;
    }

    private long stat(URI proxy, String name) throws Exception {
        return stats(proxy).getOrDefault(name, 0L);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
