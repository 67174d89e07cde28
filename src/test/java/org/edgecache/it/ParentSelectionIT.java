package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import org.awaitility.Awaitility;
import org.edgecache.policy.ParentRing;
import org.edgecache.policy.ParentRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parent selection through each container, against real parents on loopback: test origins acting as parent
 * proxies (they answer absolute-form requests with their own name and count what reaches them), ports nobody
 * listens on as parents that are down, and edgecache deployments as parents of edgecache deployments.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParentSelectionIT {
    @Parameter
    String containerName;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private int deployments;

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private TestOrigin server(int port) throws IOException {
        TestOrigin o = new TestOrigin(port);
        closing.add(o);
        return o;
    }

    /** A parent proxy that answers every request with its name, uncacheable, so each request reaches a parent. */
    private TestOrigin namedParent(String name) throws IOException {
        TestOrigin p = server(0);
        p.on("/", ex -> TestOrigin.respond(ex, 200, name, "Cache-Control", "no-store"));
        return p;
    }

    /** A port nobody listens on: connections to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path parentConfig(String... lines) throws IOException {
        Path file = work.resolve("parent-" + (++deployments) + ".config");
        Files.writeString(file, "# written by ParentSelectionIT\n" + String.join("\n", lines) + "\n");
        return file;
    }

    private Container container;

    private URI deploy(Deployment d) throws Exception {
        Container c = Container.create(containerName);
        closing.add(c);
        container = c;
        return c.start(d.contextParam("edgecache.store.directory", "none"),
                work.resolve("container-" + (++deployments)));
    }

    private URI edge(String originUrl, Path parentConfig, String... records) throws Exception {
        Deployment d = Deployment.cached(originUrl).contextParam("proxy.config.http.parent_proxy.file",
                parentConfig.toString());
        for (int i = 0; i < records.length; i += 2) {
            d.contextParam(records[i], records[i + 1]);
        }
        return deploy(d);
    }

    private HttpResponse<String> get(URI proxy, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ParentRule.Parent parent(TestOrigin p) {
        return new ParentRule.Parent("127.0.0.1", p.port(), 1);
    }

    @Test
    void underConsistentHashEachUrlAlwaysGoesToOneParentAndRemovingOneMovesOnlyItsUrls() throws Exception {
        TestOrigin origin = server(0);
        Map<String, TestOrigin> parents = new LinkedHashMap<>();
        for (String name : List.of("p1", "p2", "p3")) {
            parents.put(name, namedParent(name));
        }
        String list = "127.0.0.1:" + parents.get("p1").port() + "; 127.0.0.1:" + parents.get("p2").port()
                + "; 127.0.0.1:" + parents.get("p3").port();
        URI edge = edge(origin.url(), parentConfig("dest_domain=. parent=\"" + list + "\""
                + " round_robin=consistent_hash go_direct=false"));

        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            urls.add("/objects/" + i + "?v=" + (i % 7));
        }
        Map<String, String> home = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (String url : urls) {
                HttpResponse<String> r = get(edge, url);
                assertThat(r.statusCode()).isEqualTo(200);
                String previous = home.putIfAbsent(url, r.body());
                assertThat(r.body()).as("%s in round %d", url, round).isEqualTo(previous == null ? r.body() : previous);
            }
        }
        assertThat(new HashSet<>(home.values())).containsExactlyInAnyOrder("p1", "p2", "p3");
        ParentRing ring = new ParentRing(parents.values().stream().map(ParentSelectionIT::parent).toList());
        for (String url : urls) {
            assertThat(parent(parents.get(home.get(url)))).as("the ring's owner of %s", url).isEqualTo(ring.owner(url));
        }
        // the request went to the parent as a proxy request: absolute form, naming the origin
        assertThat(parents.get("p1").last().rawTarget()).startsWith(origin.url() + "/objects/");
        assertThat(parents.get("p1").last().header("Host")).isEqualTo("127.0.0.1:" + origin.port());
        assertThat(origin.count()).isZero();

        // p2 leaves the tier: redeploy without it
        container.close();
        URI smaller = edge(origin.url(), parentConfig("dest_domain=. parent=\"127.0.0.1:" + parents.get("p1").port()
                + "; 127.0.0.1:" + parents.get("p3").port() + "\" round_robin=consistent_hash go_direct=false"));
        int moved = 0;
        for (String url : urls) {
            String now = get(smaller, url).body();
            if (home.get(url).equals("p2")) {
                assertThat(now).isIn("p1", "p3");
                moved++;
            } else {
                assertThat(now).as("%s stays on its parent", url).isEqualTo(home.get(url));
            }
        }
        assertThat(moved).isEqualTo((int) home.values().stream().filter("p2"::equals).count()).isPositive();
    }

    @Test
    void aParentThatIsDownIsSkippedAndTriedAgainAfterRetryTime() throws Exception {
        TestOrigin origin = server(0);
        int downPort = closedPort();
        TestOrigin second = namedParent("second");
        URI edge = edge(origin.url(), parentConfig("dest_domain=. parent=\"127.0.0.1:" + downPort + ", 127.0.0.1:"
                        + second.port() + "\" round_robin=false go_direct=false"),
                "proxy.config.http.parent_proxy.fail_threshold", "1",
                "proxy.config.http.parent_proxy.retry_time", "3");

        long start = System.nanoTime();
        HttpResponse<String> first = get(edge, "/a");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("second");

        // the first parent comes back at once, but it is marked down: skipped until retry_time has passed
        TestOrigin back = server(downPort);
        back.on("/", ex -> TestOrigin.respond(ex, 200, "first", "Cache-Control", "no-store"));
        assertThat(get(edge, "/b").body()).isEqualTo("second");
        long elapsed = System.nanoTime() - start;
        if (elapsed < TimeUnit.SECONDS.toNanos(3)) {
            assertThat(back.count()).as("not asked within retry_time").isZero();
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(edge, "/c").body().equals("first"));
        assertThat(get(edge, "/d").body()).as("marked up again by the retry").isEqualTo("first");
        assertThat(origin.count()).isZero();
    }

    @Test
    void strictRoundRobinTakesTheParentsInTurn() throws Exception {
        TestOrigin origin = server(0);
        TestOrigin a = namedParent("a");
        TestOrigin b = namedParent("b");
        TestOrigin c = namedParent("c");
        URI edge = edge(origin.url(), parentConfig("dest_host=127.0.0.1 parent=\"127.0.0.1:" + a.port()
                + ";127.0.0.1:" + b.port() + ";127.0.0.1:" + c.port() + "\" round_robin=strict go_direct=false"));
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answers.add(get(edge, "/same").body());
        }
        assertThat(answers).containsExactly("a", "b", "c", "a", "b", "c", "a", "b", "c");
    }

    @Test
    void withEveryParentDownGoDirectFalseAnswers502QuicklyAndGoDirectTrueAsksTheOrigin() throws Exception {
        TestOrigin origin = server(0);
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "from the origin", "Cache-Control", "no-store"));
        String down = "127.0.0.1:" + closedPort() + ", 127.0.0.1:" + closedPort();
        URI strict = edge(origin.url(), parentConfig("dest_domain=. parent=\"" + down + "\" go_direct=false"));
        long start = System.nanoTime();
        HttpResponse<String> r = get(strict, "/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("no parent of parent.config line 2 could be reached");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(origin.count()).isZero();

        URI lenient = edge(origin.url(), parentConfig("dest_domain=. parent=\"" + down + "\" go_direct=true"));
        HttpResponse<String> direct = get(lenient, "/x");
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(direct.body()).isEqualTo("from the origin");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void totalConnectAttemptsBoundsTheParentsTriedPerRequest() throws Exception {
        TestOrigin origin = server(0);
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "from the origin", "Cache-Control", "no-store"));
        TestOrigin live = namedParent("live");
        String list = "127.0.0.1:" + closedPort() + "; 127.0.0.1:" + closedPort() + "; 127.0.0.1:" + live.port();
        Path config = parentConfig("dest_domain=. parent=\"" + list + "\" round_robin=false go_direct=true");
        // two connects in all, one per parent: the third parent is never reached, the origin answers
        URI bounded = edge(origin.url(), config, "proxy.config.http.parent_proxy.total_connect_attempts", "2",
                "proxy.config.http.parent_proxy.per_parent_connect_attempts", "1");
        assertThat(get(bounded, "/x").body()).isEqualTo("from the origin");
        assertThat(live.count()).isZero();
        // ATS's defaults (4 in all, 2 per parent): two on each dead parent, none left for the live one either
        URI defaults = edge(origin.url(), config);
        assertThat(get(defaults, "/y").body()).isEqualTo("from the origin");
        assertThat(live.count()).isZero();
        // five in all: the live parent gets the fifth
        URI enough = edge(origin.url(), config, "proxy.config.http.parent_proxy.total_connect_attempts", "5");
        assertThat(get(enough, "/z").body()).isEqualTo("live");
        assertThat(live.count()).isEqualTo(1);
        assertThat(origin.count()).isEqualTo(2);
    }

    @Test
    void parentsThatAreNotProxiesGetOriginFormRequests() throws Exception {
        TestOrigin origin = server(0);
        TestOrigin a = namedParent("a");
        TestOrigin b = namedParent("b");
        URI edge = edge(origin.url(), parentConfig("dest_domain=. parent=\"127.0.0.1:" + a.port() + "; 127.0.0.1:"
                + b.port() + "\" round_robin=strict parent_is_proxy=false"));
        assertThat(get(edge, "/p?q=1").body()).isEqualTo("a");
        assertThat(get(edge, "/p?q=1").body()).isEqualTo("b");
        assertThat(a.last().rawTarget()).isEqualTo("/p?q=1");
        assertThat(a.last().header("Host")).isEqualTo("127.0.0.1:" + origin.port());
        assertThat(origin.count()).isZero();
    }

    @Test
    void withPsCachekeyEveryRangeObjectHasOneHomeParent() throws Exception {
        TestOrigin origin = server(0);
        Map<String, TestOrigin> parents = new LinkedHashMap<>();
        for (String name : List.of("p1", "p2", "p3")) {
            TestOrigin p = server(0);
            p.on("/", ex -> {
                Matcher m = java.util.regex.Pattern.compile("bytes=(\\d+)-(\\d+)")
                        .matcher(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
                if (!m.matches()) {
                    TestOrigin.respond(ex, 200, name.repeat(500), "Cache-Control", "no-store");
                    return;
                }
                int from = Integer.parseInt(m.group(1));
                int to = Integer.parseInt(m.group(2));
                TestOrigin.respond(ex, 206, (name + "-").repeat(1000).substring(from, to + 1),
                        "Content-Range", "bytes " + from + "-" + to + "/1500", "Cache-Control", "no-store");
            });
            parents.put(name, p);
        }
        String list = String.join(";", parents.values().stream().map(p -> "127.0.0.1:" + p.port()).toList());
        URI edge = deploy(Deployment.cached(origin.url())
                .filter("crr", "org.edgecache.web.RangeCacheKeyFilter", Map.of("ps-cachekey", "true"), "/*")
                .contextParam("proxy.config.http.parent_proxy.file", parentConfig("dest_domain=. parent=\""
                        + list + "\" round_robin=consistent_hash go_direct=false").toString()));
        Map<String, String> home = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 30; i++) {
                String range = "bytes=" + (i * 10) + "-" + (i * 10 + 9);
                HttpResponse<String> r = get(edge, "/big.bin", "Range", range);
                assertThat(r.statusCode()).isEqualTo(206);
                String who = r.body().contains("p1") ? "p1" : r.body().contains("p2") ? "p2" : "p3";
                String previous = home.putIfAbsent(range, who);
                assertThat(who).as("%s in round %d", range, round).isEqualTo(previous == null ? who : previous);
            }
        }
        Set<String> used = new HashSet<>(home.values());
        assertThat(used).as("the ranges of one URL spread over the parents by their own keys").hasSizeGreaterThan(1);
        assertThat(origin.count()).isZero();
    }

    @Test
    void anEdgecacheEdgeFetchesThroughAnEdgecacheParentAndBothCache() throws Exception {
        TestOrigin origin = server(0);
        origin.on("/video/", ex -> TestOrigin.respond(ex, 200, "segment " + ex.getRequestURI().getPath(),
                "Cache-Control", "max-age=600"));
        URI parent = deploy(Deployment.cached(origin.url()).contextParam("edgecache.cache-name", "parent"));
        Path config = parentConfig("dest_host=127.0.0.1 port=" + origin.port() + " parent=\"127.0.0.1:"
                + parent.getPort() + "\" go_direct=false");
        URI edge1 = deploy(Deployment.cached(origin.url()).contextParam("edgecache.cache-name", "edge1")
                .contextParam("proxy.config.http.parent_proxy.file", config.toString()));

        HttpResponse<String> first = get(edge1, "/video/1.ts");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("segment /video/1.ts");
        assertThat(origin.count()).isEqualTo(1);
        assertThat(origin.last().rawTarget()).isEqualTo("/video/1.ts");
        assertThat(origin.last().headers("Via")).as("through both").hasSize(1);
        assertThat(origin.last().header("Via")).contains("edgecache").contains(",");

        // the edge stored it: a hit, no new request anywhere
        HttpResponse<String> again = get(edge1, "/video/1.ts");
        assertThat(again.headers().firstValue("Cache-Status").orElse("")).contains("edge1; hit");
        assertThat(origin.count()).isEqualTo(1);

        // a second edge node, empty: the parent answers from its cache, the origin is not asked
        URI edge2 = deploy(Deployment.cached(origin.url()).contextParam("edgecache.cache-name", "edge2")
                .contextParam("proxy.config.http.parent_proxy.file", config.toString()));
        HttpResponse<String> second = get(edge2, "/video/1.ts");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("segment /video/1.ts");
        assertThat(second.headers().firstValue("Cache-Status").orElse("")).contains("parent; hit")
                .contains("edge2; fwd=");
        assertThat(origin.count()).isEqualTo(1);

        // the parent is no open proxy: an absolute-form request for a host it does not serve is refused
        RawHttp.Response foreign = RawHttp.exchange(parent, "GET http://elsewhere.example/video/1.ts HTTP/1.1",
                "Host: 127.0.0.1:" + parent.getPort());
        assertThat(foreign.status()).isIn(400, 403);
        assertThat(origin.count()).isEqualTo(1);
    }
}
