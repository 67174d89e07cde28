package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.UpdateEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One update run against a scripted site: what is fetched, how often, how concurrently, with which retries. */
@Timeout(30)
class UpdateRunTest {
    private static final String SITE = "http://www.example.com";

    private final Map<String, Fetcher.Page> pages = new HashMap<>();
    private final List<String> fetched = Collections.synchronizedList(new ArrayList<>());
    private final Stats stats = new Stats();
    private ExecutorService workers;

    /** A scripted site; each page answers in turn the statuses given (the last one for good). */
    private final class Fetcher implements UpdateRun.Fetcher {
        record Page(String html, int[] statuses, AtomicInteger asked) {
        }

        CyclicBarrier barrier;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();

        @Override
        public UpdateRun.Fetched fetch(URI url, HttpFields headers) throws IOException, InterruptedException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                fetched.add(url.toString());
                if (barrier != null && url.getPath().startsWith("/level1/")) {
                    try {
                        barrier.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IOException("the concurrency limit was not reached", e);
                    }
                }
                Page p = pages.get(url.toString());
                if (p == null) {
                    return new UpdateRun.Fetched(404, null, null);
                }
                int n = p.asked().getAndIncrement();
                int status = p.statuses()[Math.min(n, p.statuses().length - 1)];
                if (status < 0) {
                    throw new IOException("connection refused");
                }
                return new UpdateRun.Fetched(status, status == 200 && p.html() != null
                        ? p.html().getBytes(StandardCharsets.UTF_8) : null, null);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private final Fetcher fetcher = new Fetcher();

    private void page(String path, String html, int... statuses) {
        pages.put(SITE + path, new Fetcher.Page(html, statuses.length == 0 ? new int[] {200} : statuses,
                new AtomicInteger()));
    }

    private static UpdateEntry entry(String path, int depth) {
        return new UpdateEntry(URI.create(SITE + path), HttpFields.EMPTY, 0, Duration.ofHours(1), depth, 1);
    }

    private UpdateRun run(int concurrency, int retries, UpdateEntry... entries) throws InterruptedException {
        workers = Executors.newFixedThreadPool(concurrency);
        UpdateRun r = new UpdateRun(1, List.of(entries), fetcher, workers, retries, Duration.ZERO, stats,
                Clock.systemUTC());
        r.execute();
        return r;
    }

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private void smallSite() {
        page("/index.html", """
                <a href="a.html">a</a> <a href="/b.html">b</a> <img src="img.png">
                <a href="http://other.example/x.html">elsewhere</a> <a href="https://www.example.com/secure">tls</a>
                <a href="http://www.example.com:8080/port">port</a> <a href="mailto:x@example.com">m</a>
                """);
        page("/a.html", "<a href=\"c.html\">c</a> <a href=\"index.html#top\">home</a> <a href=\"b.html\">b</a>");
        page("/b.html", "<a href=\"c.html\">c</a> <a href=\"d.html?x=1\">d</a>");
        page("/c.html", "<a href=\"e.html\">e</a>");
        page("/d.html?x=1", "<p>no links</p>");
        page("/e.html", "<p>too deep</p>");
        page("/img.png", null);
    }

    @Test
    void depthTwoFetchesExactlyTheSameOriginPagesWithinTwoLinksOnce() throws Exception {
        smallSite();
        UpdateRun r = run(4, 0, entry("/index.html", 2));
        assertThat(fetched).containsExactlyInAnyOrder(SITE + "/index.html", SITE + "/a.html", SITE + "/b.html",
                SITE + "/img.png", SITE + "/c.html", SITE + "/d.html?x=1");
        UpdateRun.Progress p = r.progress();
        assertThat(p.active()).isFalse();
        assertThat(p.found()).isEqualTo(6);
        assertThat(p.done()).isEqualTo(6);
        assertThat(p.failed()).isZero();
        assertThat(p.inFlight()).isZero();
        assertThat(stats.get(ContentStats.UPDATE_SUCCESSES)).isEqualTo(6);
        assertThat(stats.get(ContentStats.UPDATE_STATE_MACHINES)).isZero();
    }

    @Test
    void depthZeroFetchesTheUrlOnlyAndDepthOneItsLinks() throws Exception {
        smallSite();
        run(2, 0, entry("/index.html", 0));
        assertThat(fetched).containsExactly(SITE + "/index.html");
        fetched.clear();
        run(2, 0, entry("/a.html", 1));
        assertThat(fetched).containsExactlyInAnyOrder(SITE + "/a.html", SITE + "/c.html", SITE + "/index.html",
                SITE + "/b.html");
    }

    @Test
    void aPageIsFollowedFromTheShallowestDepthItIsReachedAt() throws Exception {
        // /deep is linked from the root (depth 1) and from /x (depth 2); its link /leaf is at depth 2 via the root
        page("/root", "<a href=\"/x\">x</a> <a href=\"/deep\">deep</a>");
        page("/x", "<a href=\"/deep\">deep</a>");
        page("/deep", "<a href=\"/leaf\">leaf</a>");
        page("/leaf", "<p>leaf</p>");
        run(1, 0, entry("/root", 2));
        assertThat(fetched).containsExactly(SITE + "/root", SITE + "/x", SITE + "/deep", SITE + "/leaf");
    }

    @Test
    void entriesSharingPagesFetchEachPageOncePerRun() throws Exception {
        smallSite();
        run(3, 0, entry("/a.html", 1), entry("/b.html", 1));
        assertThat(fetched).containsExactlyInAnyOrder(SITE + "/a.html", SITE + "/b.html", SITE + "/c.html",
                SITE + "/index.html", SITE + "/d.html?x=1");
    }

    @Test
    void failuresAreRetriedUpToTheRetryCountAnd4xxIsFinal() throws Exception {
        page("/flaky", null, 503, -1, 200);
        page("/down", null, 500);
        page("/gone", null, 410);
        UpdateRun r = run(2, 2, entry("/flaky", 0), entry("/down", 0), entry("/gone", 0), entry("/missing", 0));
        assertThat(Collections.frequency(fetched, SITE + "/flaky")).isEqualTo(3);
        assertThat(Collections.frequency(fetched, SITE + "/down")).isEqualTo(3);
        assertThat(Collections.frequency(fetched, SITE + "/gone")).isEqualTo(1);
        assertThat(Collections.frequency(fetched, SITE + "/missing")).isEqualTo(1);
        assertThat(r.progress().done()).isEqualTo(1);
        assertThat(r.progress().failed()).isEqualTo(3);
        assertThat(stats.get(ContentStats.UPDATE_FAILS)).isEqualTo(3);
    }

    @Test
    void theConcurrencyLimitIsReachedAndNeverExceeded() throws Exception {
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            index.append("<a href=\"/level1/").append(i).append("\">").append(i).append("</a>");
            page("/level1/" + i, "<p>" + i + "</p>");
        }
        page("/", index.toString());
        fetcher.barrier = new CyclicBarrier(3);
        UpdateRun r = run(3, 0, entry("/", 1));
        assertThat(r.progress().done()).isEqualTo(10);
        assertThat(fetcher.maxInFlight.get()).isEqualTo(3);
    }
}
