package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import org.edgecache.web.RangeCacheKeyFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurement of the cache_range_requests issue (seed 001: "thousands of range requests for a very large
 * object"): 2,000 range requests over 500 distinct ranges of a 256 MiB object reach the origin exactly 500 times,
 * every body is byte-exact, and the store holds 500 separate objects, one per range.
 *
 * <p>The origin generates only the bytes of each range it is asked for (from {@link Pattern}), so the object's
 * size costs nothing; the ranges (1 byte to 64 KiB; closed, open-ended near the end, and suffix forms) are spread
 * over the whole object. Each of 4 threads owns a quarter of the ranges and sends its 500 requests (each of its
 * ranges 4 times) in shuffled order, so misses and hits on different keys run concurrently. All requests for one
 * range come from one thread, one after the other: the store commits an object at its last byte, before the client
 * has it, so every repeat is a hit (two concurrent misses on one key would both go to the origin; waiting on the
 * first is collapsed forwarding's job, not this filter's). {@code bench/range-requests.sh} runs it with other
 * numbers (system properties {@code edgecache.bench.*}); with {@code edgecache.bench.collapse=true} every request
 * comes from one shuffled queue, so the same range is asked concurrently, and CollapsedForwardingFilter is mapped
 * below the cache.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RangeRequestsLoadIT extends EdgeFixture {
    private static final long SIZE = Long.getLong("edgecache.bench.size", 256L * 1024 * 1024);
    private static final int RANGES = Integer.getInteger("edgecache.bench.ranges", 500);
    private static final int REQUESTS_PER_RANGE = Integer.getInteger("edgecache.bench.requests-per-range", 4);
    private static final int THREADS = Integer.getInteger("edgecache.bench.threads", 4);
    private static final int MAX_RANGE = Integer.getInteger("edgecache.bench.max-range", 64 * 1024);
    /** Hand runs: every request from one shuffled queue, with CollapsedForwardingFilter below the cache. */
    private static final boolean COLLAPSE = Boolean.getBoolean("edgecache.bench.collapse");

    private TestOrigin origin;

    /** One distinct range: the Range value, and the bytes it selects. */
    private record Wanted(String range, long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    @Test
    void thousandsOfRangeRequestsReachTheOriginOncePerRange() throws Exception {
        origin = edge.origin();
        PatternRanges object = new PatternRanges(SIZE, "Cache-Control", "max-age=3600", "ETag", "\"big\"");
        origin.on("/big", object);
        Deployment deployment = Deployment.proxyTo(origin.url())
                .filter("crr", RangeCacheKeyFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*")
                .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats");
        if (COLLAPSE) {
            deployment.filter("collapse", "org.edgecache.web.CollapsedForwardingFilter", Map.of(), "/*");
        }
        URI proxy = edge.deploy(deployment);
        List<Wanted> ranges = ranges(new Random(20261122L));
        long bytesPerRound = ranges.stream().mapToLong(Wanted::length).sum();
        List<List<Wanted>> perThread = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Wanted> mine = new ArrayList<>();
            for (int i = t; i < ranges.size(); i += THREADS) {
                for (int k = 0; k < REQUESTS_PER_RANGE; k++) {
                    mine.add(ranges.get(i));
                }
            }
            Collections.shuffle(mine, new Random(t));
            perThread.add(mine);
        }
        if (COLLAPSE) {
            List<Wanted> all = new ArrayList<>();
            perThread.forEach(all::addAll);
            Collections.shuffle(all, new Random(1));
            perThread.clear();
            for (int t = 0; t < THREADS; t++) {
                perThread.add(all.subList(t * all.size() / THREADS, (t + 1) * all.size() / THREADS));
            }
        }

        long t0 = System.nanoTime();
        run(proxy, perThread);
        long elapsed = System.nanoTime() - t0;

        Map<String, Long> stats = stats(proxy);
        double mib = 1024.0 * 1024;
        int requests = RANGES * REQUESTS_PER_RANGE;
        System.out.printf("RESULT %s: %d requests over %d ranges of a %d MiB object from %d threads in %d ms"
                + " (%.0f requests/s, %.1f MiB/s to clients); origin asked %d times; %d objects, %.1f MiB in the"
                + " store%s%n", containerName, requests, RANGES, SIZE >> 20, THREADS, ms(elapsed),
                requests * 1e9 / elapsed, bytesPerRound * REQUESTS_PER_RANGE / mib * 1e9 / elapsed, origin.count(),
                stats.get("proxy.process.cache.direntries.used"), stats.get("proxy.process.cache.bytes_used") / mib,
                COLLAPSE ? String.format("; collapsed forwarding: %d waits, %d served from the cache, %d to the origin",
                        stats.getOrDefault("edgecache.collapsed_forwarding.waits", 0L),
                        stats.getOrDefault("edgecache.collapsed_forwarding.served_from_cache", 0L),
                        stats.getOrDefault("edgecache.collapsed_forwarding.to_origin", 0L)) : "");

        assertThat(origin.count()).isEqualTo(RANGES);
        assertThat(object.byRange()).hasSize(RANGES);
        assertThat(object.byRange().values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(stats.get("proxy.process.http.cache_writes")).isEqualTo(RANGES);
        assertThat(stats.get("proxy.process.http.cache_write_errors")).isZero();
        if (!COLLAPSE) {
            assertThat(stats.get("proxy.process.http.cache_hit_fresh"))
                    .isEqualTo((long) RANGES * (REQUESTS_PER_RANGE - 1));
        }
        assertThat(stats.get("proxy.process.cache.direntries.used")).isEqualTo(RANGES);
        assertThat(stats.get("proxy.process.cache.bytes_used")).isEqualTo(bytesPerRound);
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

    /** Sends each thread's requests from its own thread, checking status, Content-Range and every body byte. */
    private void run(URI proxy, List<List<Wanted>> perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(perThread.size());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (List<Wanted> mine : perThread) {
                workers.add(pool.submit(() -> {
                    for (Wanted w : mine) {
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
            String[] nameValue = line.trim().split(" ");
            if (nameValue.length == 2 && nameValue[1].matches("-?\\d+")) {
                out.put(nameValue[0], Long.parseLong(nameValue[1]));
            }
        }
        return out;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
