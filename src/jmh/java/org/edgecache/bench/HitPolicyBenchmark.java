package org.edgecache.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.edgecache.http.HttpFields;
import org.edgecache.http.Vary;
import org.edgecache.policy.Age;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.CacheStatus;
import org.edgecache.policy.RequestView;
import org.edgecache.policy.StoredView;
import org.edgecache.policy.Suitability;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The decisions CacheTransaction takes on a fresh hit, with the header fields of a typical browser request and of
 * the benchmark origin's response (nginx): the Vary check, the suitability verdict (freshness, age, the request's
 * and response's Cache-Control), and the Age and Cache-Status values of the answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HitPolicyBenchmark {
    private final Instant received = Instant.parse("2026-11-22T07:00:00Z");
    private final Instant now = received.plusSeconds(30);
    private final CacheSettings settings = CacheSettings.defaults();
    private final HttpFields request = HttpFields.of("Host", "127.0.0.1:18080", "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0", "Accept", "*/*",
            "Accept-Encoding", "gzip, deflate, br", "Accept-Language", "en-US,en;q=0.5", "Connection", "keep-alive");
    private final HttpFields stored = HttpFields.of("Server", "nginx/1.22.1", "Date", "Sun, 22 Nov 2026 07:00:00 GMT",
            "Content-Type", "application/octet-stream", "Content-Length", "1024", "Last-Modified",
            "Sun, 22 Nov 2026 06:00:00 GMT", "ETag", "\"6740f000-400\"", "Accept-Ranges", "bytes", "Cache-Control",
            "public, max-age=86400");
    private final RequestView view = new RequestView("GET", request);
    private final StoredView storedView = StoredView.of(200, stored, received, received);

    @Benchmark
    public String freshHit() {
        if (!Vary.selects(java.util.List.of(), "", request)) {
            throw new AssertionError("the variant must match");
        }
        Suitability.Result r = Suitability.assess(view, storedView, now, settings);
        if (r.action() != Suitability.Action.SERVE) {
            throw new AssertionError(r.verdict());
        }
        String age = Age.headerValue(r.age());
        return age + CacheStatus.builder("edgecache").hit().ttl(r.ttl().getSeconds()).build();
    }

    @Benchmark
    public Duration ageOnly() {
        return Age.current(stored, received, received, now);
    }
}
