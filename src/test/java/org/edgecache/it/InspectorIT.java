package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.eclipse.jetty.util.ajax.JSON;
import org.edgecache.web.InspectorServlet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache inspector's JSON API through each container, against a real origin on loopback: what a lookup shows
 * of an object just cached, deletes (one object, by regular expression after a count) that make the next request
 * a miss at the origin, the live figures moving with traffic, and who may use it (ip_allow ADMIN, the token, POST
 * with the inspector's header for changes).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InspectorIT extends EdgeFixture {
    static final String BASE = "/edgecache/inspector/";

    private TestOrigin origin;
    private URI proxy;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "body of " + ex.getRequestURI().getPath(),
                "Cache-Control", "max-age=600", "Content-Type", "text/plain"));
        origin.on("/hostile", ex -> TestOrigin.respond(ex, 200, "x", "Cache-Control", "max-age=600",
                "X-Evil", "<script>alert(1)</script>\"'&"));
    }

    private void deploy(Map<String, String> init, String... contextParams) throws Exception {
        Map<String, String> params = new LinkedHashMap<>(Map.of("sampleMillis", "200"));
        params.putAll(init);
        Deployment d = Deployment.cached(origin.url())
                .servlet("inspector", InspectorServlet.class.getName(), params, "/edgecache/inspector/*");
        d.contextParams(contextParams);
        proxy = edge.deploy(d);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A POST as the page sends it. */
    private Map<String, Object> change(String api, Map<String, String> form) throws Exception {
        HttpResponse<String> r = post(BASE + api, form, InspectorServlet.POST_HEADER, "1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private Map<String, Object> lookup(String url) throws Exception {
        HttpResponse<String> r = get(BASE + "api/object?url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return json(r.body());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String text) {
        return (Map<String, Object>) new JSON().fromJSON(text);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object array) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (Object[]) array) {
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private String fetch(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aLookupShowsWhatIsStoredAndWhyItIsFresh() throws Exception {
        deploy(Map.of());
        fetch("/doc/a.txt?v=1");

        Map<String, Object> r = lookup("/doc/a.txt?v=1");
        assertThat(r.get("found")).isEqualTo(true);
        assertThat(r.get("key")).isEqualTo("/doc/a.txt?v=1");
        List<Map<String, Object>> alternates = list(r.get("alternates"));
        assertThat(alternates).hasSize(1);
        Map<String, Object> a = alternates.get(0);
        assertThat(a.get("status")).isEqualTo(200L);
        assertThat(a.get("fresh")).isEqualTo(true);
        assertThat(a.get("lifetimeSeconds")).isEqualTo(600L);
        assertThat(a.get("source")).isEqualTo("EXPLICIT");
        assertThat(a.get("detail")).isEqualTo("MAX_AGE");
        assertThat((String) a.get("reason")).contains("max-age=600");
        assertThat((Long) a.get("ttlSeconds")).isBetween(590L, 600L);
        assertThat(a.get("length")).isEqualTo((long) "body of /doc/a.txt".length());
        assertThat(a.get("chunks")).isEqualTo(1L);
        assertThat(a.get("chunksPresent")).isEqualTo(1L);
        assertThat(a.get("pinned")).isEqualTo(false);
        assertThat(new JSON().toJSON(a.get("headers")))
                .containsIgnoringCase("[\"Cache-Control\",\"max-age=600\"]");

        // the same object by absolute URL; nothing under another key
        assertThat(list(lookup("http://www.example.com/doc/a.txt?v=1").get("alternates"))).hasSize(1);
        Map<String, Object> none = lookup("/doc/a.txt");
        assertThat(none.get("found")).isEqualTo(false);
        assertThat((Object[]) none.get("alternates")).isEmpty();
    }

    @Test
    void deletingAnObjectMakesTheNextRequestAMissAtTheOrigin() throws Exception {
        deploy(Map.of());
        fetch("/one");
        fetch("/one");
        assertThat(origin.count()).as("the second request was a hit").isEqualTo(1);
        String objectId = (String) list(lookup("/one").get("alternates")).get(0).get("objectId");

        assertThat(change("api/delete", Map.of("url", "/one", "objectId", objectId)).get("deleted")).isEqualTo(1L);
        assertThat(lookup("/one").get("found")).isEqualTo(false);
        fetch("/one");
        assertThat(origin.count()).as("a miss after the delete").isEqualTo(2);

        assertThat(change("api/delete", Map.of("url", "/one")).get("deleted")).isEqualTo(1L);
        assertThat(change("api/delete", Map.of("url", "/one")).get("deleted")).isEqualTo(0L);
        fetch("/one");
        assertThat(origin.count()).isEqualTo(3);
    }

    @Test
    void aRegexDeleteCountsFirstAndNeedsConfirmation() throws Exception {
        deploy(Map.of());
        for (String p : List.of("/img/1.png", "/img/2.png", "/img/3.gif", "/doc/img.png")) {
            fetch(p);
        }
        Map<String, Object> preview = change("api/regex/preview", Map.of("pattern", "^/img/.*\\.png$"));
        assertThat(preview.get("count")).isEqualTo(2L);
        assertThat((Object[]) preview.get("keys")).containsExactly("/img/1.png", "/img/2.png");
        assertThat(lookup("/img/1.png").get("found")).as("a preview deletes nothing").isEqualTo(true);

        HttpResponse<String> unconfirmed = post(BASE + "api/regex/delete", Map.of("pattern", "^/img/.*\\.png$"),
                InspectorServlet.POST_HEADER, "1");
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(json(unconfirmed.body()).get("error").toString()).contains("confirm=yes");
        assertThat(lookup("/img/1.png").get("found")).isEqualTo(true);

        Map<String, Object> deleted = change("api/regex/delete",
                Map.of("pattern", "^/img/.*\\.png$", "confirm", "yes"));
        assertThat(deleted.get("deleted")).isEqualTo(2L);
        int before = origin.count();
        fetch("/img/3.gif");
        fetch("/doc/img.png");
        assertThat(origin.count()).as("the others are still hits").isEqualTo(before);
        fetch("/img/1.png");
        assertThat(origin.count()).isEqualTo(before + 1);
    }

    @Test
    void aBadRegexIsA400WithTheReason() throws Exception {
        deploy(Map.of());
        HttpResponse<String> r = post(BASE + "api/regex/preview", Map.of("pattern", "/img/(unclosed"),
                InspectorServlet.POST_HEADER, "1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).get("error").toString()).contains("not a valid regular expression")
                .contains("Unclosed group");
    }

    @Test
    void changesArePostsWithTheInspectorsHeader() throws Exception {
        deploy(Map.of());
        fetch("/kept");
        HttpResponse<String> byGet = get(BASE + "api/delete?url=/kept");
        assertThat(byGet.statusCode()).isEqualTo(405);
        assertThat(byGet.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> crossSite = post(BASE + "api/delete", Map.of("url", "/kept"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(lookup("/kept").get("found")).isEqualTo(true);
    }

    @Test
    void headerValuesAreEscapedInTheJson() throws Exception {
        deploy(Map.of());
        fetch("/hostile");
        HttpResponse<String> r = get(BASE + "api/object?url=/hostile");
        assertThat(r.body()).doesNotContain("<script>").contains("\\u003cscript\\u003e");
        // and decode to the value as the origin sent it
        // (the JDK origin sends header names as X-evil)
        Object[] headers = (Object[]) list(lookup("/hostile").get("alternates")).get(0).get("headers");
        assertThat(headers).anySatisfy(h -> assertThat((Object[]) h)
                .containsExactly("X-evil", "<script>alert(1)</script>\"'&"));
    }

    @Test
    void withATokenEveryApiCallNeedsIt() throws Exception {
        deploy(Map.of("token", "s3cret-token"));
        HttpResponse<String> none = get(BASE + "api/figures");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        assertThat(get(BASE + "api/figures", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(BASE + "api/object?url=/x", "Authorization", "Bearer s3cret-token2").statusCode())
                .isEqualTo(401);
        assertThat(post(BASE + "api/regex/delete", Map.of("pattern", ".", "confirm", "yes"),
                InspectorServlet.POST_HEADER, "1").statusCode()).isEqualTo(401);
        assertThat(get(BASE + "api/figures", "Authorization", "Bearer s3cret-token").statusCode()).isEqualTo(200);
        // the page itself carries no data: it asks for the token
        HttpResponse<String> page = get(BASE);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("token-panel");
    }

    @Test
    void aBadInitParamFailsTheDeploymentWithAClearMessage() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage() + " " + (r.getParameters() == null ? "" : List.of(r.getParameters())));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger edgecache = Logger.getLogger("org.edgecache");
        edgecache.addHandler(capture);
        try {
            assertThatThrownBy(() -> deploy(Map.of("sampleMillis", "often"))).isInstanceOf(Exception.class);
        } finally {
            edgecache.removeHandler(capture);
        }
        assertThat(String.join("\n", logged))
                .contains("servlet 'inspector': parameter 'sampleMillis' has the value 'often'");
    }

    @Test
    void onlyClientsTheRulesAllowAdminGetIn() throws Exception {
        deploy(Map.of());
        InetAddress other = InetAddress.getByName("127.0.0.2");
        byte[] request = "GET /edgecache/inspector/api/figures HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(RawHttp.sendFrom(other, proxy, request).status()).as("127.0.0.2 by default").isEqualTo(403);
        assertThat(RawHttp.sendFrom(other, proxy, "GET /edgecache/inspector/ HTTP/1.0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)).status()).as("the page too").isEqualTo(403);
        assertThat(get(BASE + "api/figures").statusCode()).isEqualTo(200);
        edge.undeploy();

        Path rules = Files.writeString(work.resolve("ip_allow.config"),
                "src_ip=127.0.0.2 action=ip_allow method=ADMIN\n");
        deploy(Map.of(), "proxy.config.cache.ip_allow.filename", rules.toString());
        assertThat(RawHttp.sendFrom(other, proxy, request).status()).isEqualTo(200);
        assertThat(get(BASE + "api/figures").statusCode()).as("no rule holds 127.0.0.1 now").isEqualTo(403);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> figures(String part) throws Exception {
        return (Map<String, Object>) json(get(BASE + "api/figures").body()).get(part);
    }

    @Test
    void fetchesInFlightAndTheirWaitersAreShown() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        origin.on("/slow", ex -> {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestOrigin.respond(ex, 200, "at last", "Cache-Control", "max-age=600");
        });
        deploy(Map.of());
        try {
            CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                    HttpRequest.newBuilder(proxy.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> origin.count() == 1);
            CompletableFuture<HttpResponse<String>> second = http.sendAsync(
                    HttpRequest.newBuilder(proxy.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Object> inFlight = figures("inFlight");
                assertThat(inFlight.get("fetches")).isEqualTo(1L);
                assertThat((Long) inFlight.get("waiters")).isEqualTo(1L);
                Map<String, Object> fill = list(inFlight.get("list")).get(0);
                assertThat(fill.get("key")).isEqualTo("/slow");
                assertThat(fill.get("state")).isEqualTo("PENDING");
            });
            @SuppressWarnings("unchecked")
            Map<String, Object> shown = (Map<String, Object>) lookup("/slow").get("inFlight");
            assertThat(shown.get("state")).isEqualTo("PENDING");
            hold.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).body()).isEqualTo("at last");
            assertThat(second.get(30, TimeUnit.SECONDS).body()).isEqualTo("at last");
            await().atMost(Duration.ofSeconds(20)).until(() -> Long.valueOf(0).equals(figures("inFlight")
                    .get("fetches")));
        } finally {
            hold.countDown();
        }
    }

    @Test
    void aScheduledUpdateRunShowsItsProgress() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        origin.on("/site/", ex -> {
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestOrigin.respond(ex, 200, "<p>no links</p>", "Content-Type", "text/html", "Cache-Control",
                    "max-age=600");
        });
        int farHour = (java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() + 12) % 24;
        Path updateConfig = Files.writeString(work.resolve("update.config"),
                "http://www.company.com/site/index.html\\\\" + farHour + "\\86400\\0\\\n");
        Map<String, String> params = new LinkedHashMap<>(Map.of("sampleMillis", "200"));
        Deployment d = Deployment.cached(origin.url())
                .servlet("inspector", InspectorServlet.class.getName(), params, "/edgecache/inspector/*")
                .servlet("update", org.edgecache.web.UpdateServlet.class.getName(), Map.of(), "/edgecache/update")
                .contextParam("proxy.config.update.update_configuration", updateConfig.toString())
                .contextParam("proxy.config.update.enabled", "1")
                .contextParam("edgecache.update.time-zone", "UTC");
        proxy = edge.deploy(d);
        try {
            assertThat(figures("update").get("run")).as("no run yet").isEqualTo(0L);
            assertThat(post("/edgecache/update", Map.of()).statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Object> update = figures("update");
                assertThat(update.get("active")).isEqualTo(true);
                assertThat(update.get("inFlight")).isEqualTo(1L);
                assertThat(update.get("found")).isEqualTo(1L);
            });
            hold.countDown();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Object> update = figures("update");
                assertThat(update.get("active")).isEqualTo(false);
                assertThat(update.get("done")).isEqualTo(1L);
            });
        } finally {
            hold.countDown();
        }
    }

    @Test
    void theLiveFiguresMoveWithTraffic() throws Exception {
        deploy(Map.of());
        for (int i = 0; i < 10; i++) {
            fetch("/busy/" + (i % 2));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> f = json(get(BASE + "api/figures").body());
            List<Map<String, Object>> points = list(f.get("points"));
            assertThat(points).anySatisfy(p -> {
                assertThat(((Number) p.get("lookupsPerSecond")).doubleValue()).isPositive();
                assertThat(((Number) p.get("hitRatio")).doubleValue()).isPositive();
            });
        });
        Map<String, Object> f = json(get(BASE + "api/figures").body());
        @SuppressWarnings("unchecked")
        Map<String, Object> store = (Map<String, Object>) f.get("store");
        assertThat(store.get("keys")).isEqualTo(2L);
        assertThat(list(store.get("tiers"))).isNotEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> inFlight = (Map<String, Object>) f.get("inFlight");
        assertThat(inFlight.get("fetches")).isEqualTo(0L);
        assertThat(f.get("update")).as("no update.config").isNull();
    }
}
