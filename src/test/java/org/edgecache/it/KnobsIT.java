package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.edgecache.http.HttpDates;
import org.edgecache.web.CacheConfigServlet;
import org.edgecache.web.ConfRemapFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every cache knob and every cache.config directive, through each container: one deployment per container carries
 * a pair of URL patterns per row, {@code /k/<row>/on/} with the row's settings (a ConfRemapFilter, or a
 * cache.config line) and {@code /k/<row>/off/} without them, and each row sends the same requests to both and
 * counts what reached the origin. A row passes only if the knob changes the outcome, so each fails without it.
 * Global-only settings (pinning, the base profile) and failing configurations get deployments of their own.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KnobsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String C = "proxy.config.http.cache.";
    private static final String TEN_DAYS_AGO = HttpDates.format(Instant.now().minus(Duration.ofDays(10)));

    private static Path work;
    private static TestOrigin origin;
    private static Container container;
    private static URI proxy;
    private static Path rulesFile;
    private static String rules;

    private final String containerName;

    KnobsIT(String containerName) {
        this.containerName = containerName;
    }

    // ------------------------------------------------------------------------------------------------ the rows

    /** A request: path below the row's on/off prefix, and header name/value pairs. */
    record Req(String path, String... headers) {
    }

    /** What the origin answers: the n-th request of a path (from 1) gets this. */
    interface Answer {
        void answer(com.sun.net.httpserver.HttpExchange ex, int n) throws IOException;
    }

    /** A response as the client saw it. */
    record Resp(int status, java.net.http.HttpHeaders headers, String text) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** What a row saw: the last response on each side, and what reached the origin on each side. */
    record Seen(Resp on, Resp off, List<TestOrigin.Seen> originOn, List<TestOrigin.Seen> originOff) {
    }

    /**
     * One knob: {@code base} settings on both patterns, {@code knob} settings (or a cache.config {@code rule} for
     * the on pattern, where {@code {on}} and {@code {off}} stand for the two prefixes) on the on pattern only.
     */
    record Row(String name, Map<String, String> base, Map<String, String> knob, List<String> rules, Answer answer,
            List<Req> requests, int originOn, int originOff, Consumer<Seen> check) {
        @Override
        public String toString() {
            return name;
        }

        String onPrefix() {
            return "/k/" + name + "/on/";
        }

        String offPrefix() {
            return "/k/" + name + "/off/";
        }
    }

    static final class RowBuilder {
        private final String name;
        private final Map<String, String> base = new LinkedHashMap<>();
        private final Map<String, String> knob = new LinkedHashMap<>();
        private final List<String> rules = new ArrayList<>();
        private Answer answer = ok();
        private final List<Req> requests = new ArrayList<>();
        private Consumer<Seen> check = s -> { };

        RowBuilder(String name) {
            this.name = name;
        }

        RowBuilder base(String k, String v) {
            base.put(k, v);
            return this;
        }

        RowBuilder knob(String k, String v) {
            knob.put(k, v);
            return this;
        }

        RowBuilder rule(String line) {
            rules.add(line);
            return this;
        }

        RowBuilder answer(String... headers) {
            answer = ok(headers);
            return this;
        }

        RowBuilder answer(Answer a) {
            answer = a;
            return this;
        }

        RowBuilder get(String path, String... headers) {
            requests.add(new Req(path, headers));
            return this;
        }

        RowBuilder twice(String... headers) {
            return get("x", headers).get("x", headers);
        }

        RowBuilder check(Consumer<Seen> c) {
            check = c;
            return this;
        }

        Row origin(int on, int off) {
            return new Row(name, Map.copyOf(base), Map.copyOf(knob), List.copyOf(rules), answer,
                    List.copyOf(requests), on, off, check);
        }
    }

    static RowBuilder row(String name) {
        return new RowBuilder(name);
    }

    /** A handler that numbers the requests of each request-target from 1. */
    static TestOrigin.Handler counting(Answer a) {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        return ex -> a.answer(ex, counts.computeIfAbsent(ex.getRequestURI().toString(), p -> new AtomicInteger())
                .incrementAndGet());
    }

    static Answer ok(String... headers) {
        return (ex, n) -> TestOrigin.respond(ex, 200, "body " + n, headers);
    }

    /** 200 the first time, 503 afterwards. */
    static Answer failAfterFirst(String... headers) {
        return (ex, n) -> TestOrigin.respond(ex, n > 1 ? 503 : 200, "body " + n, n > 1 ? new String[0] : headers);
    }

    static Stream<Row> rows() {
        String maxAge = "max-age=600";
        LocalTime now = LocalTime.now();
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm");
        String notNow = now.plusHours(2).format(hm) + "-" + now.plusHours(3).format(hm);
        return Stream.of(
                // ---- freshness
                row("lm_factor").knob(C + "heuristic_lm_factor", "0.05")
                        .answer("Last-Modified", TEN_DAYS_AGO, "Age", "50000").twice().origin(2, 1),
                row("min_lifetime").knob(C + "heuristic_min_lifetime", "60")
                        .answer("Age", "100").twice().origin(2, 1),
                row("max_lifetime").knob(C + "heuristic_max_lifetime", "3600")
                        .answer("Last-Modified", TEN_DAYS_AGO, "Age", "7200").twice().origin(2, 1),
                row("required_headers_1").knob(C + "required_headers", "1").answer().twice().origin(2, 1),
                row("required_headers_2").knob(C + "required_headers", "2")
                        .answer("Last-Modified", TEN_DAYS_AGO).twice().origin(2, 1),
                row("when_to_revalidate_1").knob(C + "when_to_revalidate", "1")
                        .answer("Last-Modified", TEN_DAYS_AGO).twice().origin(2, 1),
                row("when_to_revalidate_2").knob(C + "when_to_revalidate", "2")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("when_to_revalidate_3").knob(C + "when_to_revalidate", "3")
                        .answer("Cache-Control", "max-age=0").twice().origin(1, 2),
                row("when_to_revalidate_4").knob(C + "when_to_revalidate", "4").answer("Cache-Control", maxAge)
                        .get("x").get("x", "If-Modified-Since", TEN_DAYS_AGO).origin(2, 1),
                row("max_stale_age").knob(C + "max_stale_age", "100")
                        .answer(failAfterFirst("Cache-Control", "max-age=1, stale-if-error=1", "Age", "1000")).twice()
                        .check(s -> {
                            assertThat(s.on().status()).isEqualTo(503);
                            assertThat(s.off().status()).isEqualTo(200);
                            assertThat(s.off().header("Warning")).startsWith("111 ");
                        }).origin(2, 2),
                row("insert_age").knob("proxy.config.http.insert_age_in_response", "0")
                        .answer("Cache-Control", maxAge).twice().check(s -> {
                            assertThat(s.on().header("Age")).isNull();
                            assertThat(s.off().header("Age")).isNotNull();
                        }).origin(1, 1),
                row("heuristic_without_lm").knob("edgecache.heuristic-without-last-modified", "false")
                        .answer().twice().origin(2, 1),
                // ---- client and origin directives
                row("ignore_client_no_cache").knob(C + "ignore_client_no_cache", "1").answer("Cache-Control", maxAge)
                        .get("x").get("x", "Cache-Control", "no-cache").origin(1, 2),
                row("ignore_client_cc_max_age").knob(C + "ignore_client_cc_max_age", "1")
                        .answer("Cache-Control", maxAge).get("x").get("x", "Cache-Control", "max-age=0").origin(1, 2),
                row("ignore_server_no_store").knob(C + "ignore_server_no_cache", "1")
                        .answer("Cache-Control", "no-store, max-age=600").twice().origin(1, 2),
                row("ignore_server_no_cache").knob(C + "ignore_server_no_cache", "1")
                        .answer("Cache-Control", "no-cache, max-age=600").twice().origin(1, 2),
                row("ignore_authentication").knob(C + "ignore_authentication", "1")
                        .answer("Cache-Control", maxAge, "WWW-Authenticate", "Basic realm=x").twice().origin(1, 2),
                row("store_no_cache_responses").knob("edgecache.store-no-cache-responses", "false")
                        .answer("Cache-Control", "no-cache", "ETag", "\"e\"").twice().check(s -> {
                            assertThat(s.originOn().get(1).header("If-None-Match")).isNull();
                            assertThat(s.originOff().get(1).header("If-None-Match")).isEqualTo("\"e\"");
                        }).origin(2, 2),
                row("store_set_cookie").knob("edgecache.store-set-cookie-responses", "true")
                        .answer("Cache-Control", maxAge, "Content-Type", "image/png", "Set-Cookie", "s=1").twice()
                        .origin(1, 2),
                row("store_expired").knob("edgecache.store-expired-responses", "true")
                        .answer("Expires", "0", "ETag", "\"e\"").twice().check(s -> {
                            assertThat(s.originOn().get(1).header("If-None-Match")).isEqualTo("\"e\"");
                            assertThat(s.originOff().get(1).header("If-None-Match")).isNull();
                        }).origin(2, 2),
                row("store_client_no_cache").knob("edgecache.store-responses-to-client-no-cache", "true")
                        .answer("Cache-Control", maxAge).get("x", "Cache-Control", "no-cache").get("x")
                        .origin(1, 2),
                // ---- cookies
                row("cookies_0").knob(C + "cache_responses_to_cookies", "0")
                        .answer("Cache-Control", maxAge, "Content-Type", "image/png").twice("Cookie", "a=1")
                        .origin(2, 1),
                row("cookies_1").knob(C + "cache_responses_to_cookies", "1")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html").twice("Cookie", "a=1")
                        .origin(1, 2),
                row("cookies_2").knob(C + "cache_responses_to_cookies", "2")
                        .answer("Cache-Control", maxAge, "Content-Type", "application/json").twice("Cookie", "a=1")
                        .origin(2, 1),
                row("cookies_3").base(C + "cache_responses_to_cookies", "1").knob(C + "cache_responses_to_cookies", "3")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/plain").twice("Cookie", "a=1")
                        .origin(2, 1),
                row("cookies_4").knob(C + "cache_responses_to_cookies", "4")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html").twice("Cookie", "a=1")
                        .origin(1, 2),
                row("cookies_4_set_cookie_public").base("edgecache.store-set-cookie-responses", "true")
                        .knob(C + "cache_responses_to_cookies", "4")
                        .answer("Cache-Control", "public, max-age=600", "Content-Type", "text/html", "Set-Cookie", "s=1")
                        .twice().origin(1, 2),
                row("cookies_when_serving").knob(C + "cache_responses_to_cookies", "1")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html").get("x").get("x", "Cookie", "a=1")
                        .origin(1, 2),
                // ---- dynamic URLs, the cache switch
                row("dynamic_query").knob(C + "cache_urls_that_look_dynamic", "0").answer("Cache-Control", maxAge)
                        .get("x?q=1").get("x?q=1").origin(2, 1),
                row("dynamic_asp").knob(C + "cache_urls_that_look_dynamic", "0").answer("Cache-Control", maxAge)
                        .get("page.asp").get("page.asp").origin(2, 1),
                row("dynamic_cgi").knob(C + "cache_urls_that_look_dynamic", "0").answer("Cache-Control", maxAge)
                        .get("cgi-bin/x").get("cgi-bin/x").origin(2, 1),
                row("cache_http").knob(C + "http", "0").answer("Cache-Control", maxAge).twice()
                        .check(s -> assertThat(s.on().header("Cache-Status")).contains("fwd=bypass"))
                        .origin(2, 1),
                row("http_enabled").knob("proxy.config.http.enabled", "0").answer("Cache-Control", maxAge).twice()
                        .origin(2, 1),
                // ---- alternates
                row("max_alts").knob("proxy.config.cache.limits.http.max_alts", "4")
                        .answer("Cache-Control", maxAge, "Vary", "Accept-Language")
                        .get("x", "Accept-Language", "a").get("x", "Accept-Language", "b")
                        .get("x", "Accept-Language", "c").get("x", "Accept-Language", "d")
                        .get("x", "Accept-Language", "a").origin(4, 5),
                row("max_alts_0").knob("proxy.config.cache.limits.http.max_alts", "0")
                        .answer("Cache-Control", maxAge, "Vary", "Accept-Language")
                        .get("x", "Accept-Language", "a").get("x", "Accept-Language", "b")
                        .get("x", "Accept-Language", "c").get("x", "Accept-Language", "d")
                        .get("x", "Accept-Language", "a").origin(4, 5),
                row("enable_default_vary").base(C + "vary_default_text", "Accept-Language")
                        .knob(C + "enable_default_vary_headers", "1")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/plain")
                        .get("x", "Accept-Language", "en").get("x", "Accept-Language", "de")
                        .get("x", "Accept-Language", "en").origin(2, 1),
                row("vary_default_text").base(C + "enable_default_vary_headers", "1")
                        .knob(C + "vary_default_text", "Accept-Language")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html")
                        .get("x", "Accept-Language", "en").get("x", "Accept-Language", "de").origin(2, 1),
                row("vary_default_images").base(C + "enable_default_vary_headers", "1")
                        .knob(C + "vary_default_images", "Accept")
                        .answer("Cache-Control", maxAge, "Content-Type", "image/png")
                        .get("x", "Accept", "image/webp").get("x", "Accept", "image/png").origin(2, 1),
                row("vary_default_other").base(C + "enable_default_vary_headers", "1")
                        .knob(C + "vary_default_other", "Accept-Encoding, User-Agent")
                        .answer("Cache-Control", maxAge, "Content-Type", "application/json")
                        .get("x", "Accept-Encoding", "gzip").get("x", "Accept-Encoding", "br").origin(2, 1),
                row("vary_default_cookie").base(C + "enable_default_vary_headers", "1")
                        .base(C + "cache_responses_to_cookies", "1").knob(C + "vary_default_text", "Cookie")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html")
                        .get("x", "Cookie", "u=1").get("x", "Cookie", "u=2").get("x", "Cookie", "u=1").origin(2, 1),
                row("vary_own_header_wins").base(C + "enable_default_vary_headers", "1")
                        .knob(C + "vary_default_text", "Accept-Language")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html", "Vary", "Accept-Encoding")
                        .get("x", "Accept-Language", "en").get("x", "Accept-Language", "de").origin(1, 1),
                // ---- cache.config directives ({on} and {off} are the row's two prefixes)
                row("cc_never_cache").rule("url_regex={on} action=never-cache").answer("Cache-Control", maxAge)
                        .twice().origin(2, 1),
                row("cc_ttl_forces").rule("dest_domain=127.0.0.1 prefix={on} ttl-in-cache=6h")
                        .answer("Cache-Control", "private, no-store", "Set-Cookie", "s=1").twice().origin(1, 2),
                row("cc_ttl_beats_never").rule("url_regex={on} ttl-in-cache=1h")
                        .rule("url_regex=/k/cc_ttl_beats_never/ action=never-cache").answer("Cache-Control", maxAge)
                        .twice().origin(1, 2),
                row("cc_ttl_over_dynamic").base(C + "cache_urls_that_look_dynamic", "0")
                        .rule("url_regex={on} ttl-in-cache=1h").answer("Cache-Control", maxAge)
                        .get("x?q=1").get("x?q=1").origin(1, 2),
                row("cc_standard_cache").rule("url_regex=/k/cc_standard_cache/ action=never-cache")
                        .rule("url_regex={on} action=standard-cache").answer("Cache-Control", maxAge).twice()
                        .origin(1, 2),
                row("cc_revalidate").rule("url_regex={on} revalidate=60")
                        .answer("Cache-Control", maxAge, "Age", "100").twice().origin(2, 1),
                row("cc_ignore_no_cache").rule("url_regex={on} action=ignore-no-cache")
                        .answer("Cache-Control", "no-store, max-age=600").get("x")
                        .get("x", "Cache-Control", "no-cache").origin(1, 2),
                row("cc_ignore_client_no_cache").rule("url_regex={on} action=ignore-client-no-cache")
                        .answer("Cache-Control", maxAge).get("x").get("x", "Cache-Control", "no-cache").origin(1, 2),
                row("cc_ignore_server_no_cache").rule("url_regex={on} action=ignore-server-no-cache")
                        .answer("Cache-Control", "no-cache, max-age=600").twice().origin(1, 2),
                row("cc_cookies_tweak").rule("url_regex={on} action=standard-cache cache-responses-to-cookies=1")
                        .answer("Cache-Control", maxAge, "Content-Type", "text/html").twice("Cookie", "a=1")
                        .origin(1, 2),
                row("cc_src_ip").rule("url_regex={on} src_ip=127.0.0.0/8 action=never-cache")
                        .rule("url_regex={off} src_ip=10.0.0.0/8 action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_method").rule("url_regex={on} method=get action=never-cache")
                        .rule("url_regex={off} method=POST action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_scheme").rule("url_regex={on} scheme=http action=never-cache")
                        .rule("url_regex={off} scheme=https action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_port").rule("url_regex={on} port=1024-65535 action=never-cache")
                        .rule("url_regex={off} port=1-1023 action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_prefix_suffix").rule("dest_domain=127.0.0.1 prefix={on} suffix=.txt action=never-cache")
                        .rule("dest_domain=127.0.0.1 prefix={off} suffix=.png,.jpg action=never-cache")
                        .answer("Cache-Control", maxAge).get("a.TXT").get("a.TXT").origin(2, 1),
                row("cc_time").rule("url_regex={on} time=00:00-23:59:59 action=never-cache")
                        .rule("url_regex={off} time=" + notNow + " action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_dest_ip").rule("dest_ip=127.0.0.1 prefix={on} action=never-cache")
                        .rule("dest_ip=10.9.9.0/24 prefix={off} action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1),
                row("cc_host_regex").rule("host_regex=^127\\. prefix={on} action=never-cache")
                        .rule("host_regex=^www\\. prefix={off} action=never-cache")
                        .answer("Cache-Control", maxAge).twice().origin(2, 1));
    }

    // ------------------------------------------------------------------------------------------------ deployment

    @BeforeParameterizedClassInvocation
    static void deploy(String containerName) throws Exception {
        work = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-work").toAbsolutePath()),
                "knobs-" + containerName);
        origin = new TestOrigin();
        Deployment d = Deployment.proxyTo(origin.url());
        StringBuilder file = new StringBuilder("# KnobsIT: one group of lines per row\n");
        rows().forEach(r -> {
            origin.on("/k/" + r.name() + "/", counting(r.answer()));
            if (!r.base().isEmpty() || !r.knob().isEmpty()) {
                Map<String, String> on = new LinkedHashMap<>(r.base());
                on.putAll(r.knob());
                d.filter("on-" + r.name(), ConfRemapFilter.class.getName(), on, r.onPrefix() + "*");
            }
            if (!r.base().isEmpty()) {
                d.filter("off-" + r.name(), ConfRemapFilter.class.getName(), r.base(), r.offPrefix() + "*");
            }
            for (String line : r.rules()) {
                file.append(line.replace("{on}", r.onPrefix()).replace("{off}", r.offPrefix())).append('\n');
            }
        });
        rules = file.toString();
        rulesFile = work.resolve("cache.config");
        Files.writeString(rulesFile, rules);
        d.contextParam("proxy.config.cache.control.filename", rulesFile.toString());
        d.filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*");
        d.servlet("cache-config", CacheConfigServlet.class.getName(), Map.of(), "/edgecache/cache.config");
        origin.on("/dev/", counting(ok("Cache-Control", "no-store")));
        origin.on("/reload/", counting(ok("Cache-Control", "max-age=600")));
        container = Container.create(containerName);
        proxy = container.start(d, work);
    }

    @AfterParameterizedClassInvocation
    static void undeploy() throws Exception {
        if (container != null) {
            container.close();
            container = null;
        }
        origin.close();
    }

    // ------------------------------------------------------------------------------------------------ the tests

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void knob(Row row) throws Exception {
        Resp on = null;
        Resp off = null;
        for (Req r : row.requests()) {
            on = get(proxy, row.onPrefix() + r.path(), r.headers());
            off = get(proxy, row.offPrefix() + r.path(), r.headers());
        }
        List<TestOrigin.Seen> originOn = seen(row.onPrefix());
        List<TestOrigin.Seen> originOff = seen(row.offPrefix());
        assertThat(originOn).as("origin requests with the knob").hasSize(row.originOn());
        assertThat(originOff).as("origin requests without it").hasSize(row.originOff());
        row.check().accept(new Seen(on, off, originOn, originOff));
    }

    /** The seed's own example, as written: ttl-in-cache forces caching whatever Cache-Control says. */
    @Test
    void theSeedsTtlInCacheExampleWorksAsWritten() throws Exception {
        assertThat(rules).doesNotContain("apache.org");
        Files.writeString(rulesFile, rules + "url_regex=^https?://(www.)?apache.org/dev/ ttl-in-cache=6h\n");
        try {
            assertThat(post("/edgecache/cache.config").statusCode()).isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                assertThat(getHost(proxy, "www.apache.org", "/dev/guide.html").text()).isEqualTo("body 1");
                getHost(proxy, "apache.org", "/dev/other.html");
                getHost(proxy, "www.example.org", "/dev/example.html");
            }
            assertThat(seen("/dev/guide.html")).hasSize(1);
            assertThat(seen("/dev/other.html")).hasSize(1);
            assertThat(seen("/dev/example.html")).as("no rule matches: no-store is honoured").hasSize(2);
        } finally {
            Files.writeString(rulesFile, rules);
            post("/edgecache/cache.config");
        }
    }

    /** cache.config is reloaded without a restart; a file that does not load keeps the previous rules. */
    @Test
    void cacheConfigReloadsAndABadFileKeepsThePreviousRules() throws Exception {
        get(proxy, "/reload/a");
        get(proxy, "/reload/a");
        assertThat(seen("/reload/a")).hasSize(1);

        Files.writeString(rulesFile, rules + "url_regex=/reload/ action=never-cache\n");
        HttpResponse<String> reloaded = post("/edgecache/cache.config");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).startsWith("reloaded").contains("url_regex=/reload/ action=never-cache");
        get(proxy, "/reload/a");
        assertThat(seen("/reload/a")).as("never-cache now: not served from the store").hasSize(2);

        Files.writeString(rulesFile, "dest_domain=example.com ttl-in-cache=1h\nurl_regex=/reload/ action=sometimes\n");
        HttpResponse<String> failed = post("/edgecache/cache.config");
        assertThat(failed.statusCode()).isEqualTo(422);
        assertThat(failed.body()).contains("line 2", "unknown action 'sometimes'", "previous rules stay in effect");
        get(proxy, "/reload/a");
        assertThat(seen("/reload/a")).as("the previous rules (never-cache) still apply").hasSize(3);

        HttpResponse<String> listing = HTTP.send(HttpRequest.newBuilder(proxy.resolve("/edgecache/cache.config"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listing.body()).contains("file: " + rulesFile, "url_regex=/reload/ action=never-cache");

        Files.writeString(rulesFile, rules);
        assertThat(post("/edgecache/cache.config").statusCode()).isEqualTo(200);
        get(proxy, "/reload/a");
        get(proxy, "/reload/a");
        assertThat(seen("/reload/a")).as("never-cache left the copy stored before it in place: served again")
                .hasSize(3);
    }

    /**
     * pin-in-cache (the seed's example as written, and a rule of our own) with permit.pinning: pinned objects stay
     * while a flood of ordinary objects evicts everything else from a deliberately small store; a ConfRemapFilter
     * that turns permit.pinning off, and a response that may not be stored, get no pin. The deployment also runs
     * on the rfc9111 base profile (edgecache.defaults), which stores Set-Cookie responses.
     */
    @Test
    void pinnedObjectsSurviveEvictionPressure() throws Exception {
        try (TestOrigin o = new TestOrigin(); Container c = Container.create(containerName)) {
            o.on("/", counting(ok("Cache-Control", "max-age=3600")));
            o.on("/p/on/nostore", counting(ok("Cache-Control", "no-store")));
            o.on("/cookie", counting(ok("Cache-Control", "max-age=3600", "Content-Type", "text/html",
                    "Set-Cookie", "s=1")));
            Path file = Files.createDirectories(work.resolve("pinning")).resolve("cache.config");
            Files.writeString(file, """
                    url_regex=^https?://(www.)?apache.org/dev/ pin-in-cache=12h
                    dest_domain=127.0.0.1 prefix=/p/ pin-in-cache=1h
                    """);
            Deployment d = Deployment.proxyTo(o.url())
                    .contextParam("proxy.config.cache.control.filename", file.toString())
                    .contextParam("proxy.config.cache.permit.pinning", "1")
                    .contextParam("edgecache.defaults", "rfc9111")
                    .contextParam("edgecache.store.directory", "none")
                    .contextParam("edgecache.store.heap-entries", "8")
                    .contextParam("edgecache.store.chunk-heap-entries", "16")
                    .contextParam("edgecache.store.chunk-size", "4k")
                    .contextParam("edgecache.store.pinned-entries", "8")
                    .contextParam("edgecache.store.pinned-size", "64k")
                    .filter("no-pinning", ConfRemapFilter.class.getName(),
                            Map.of("proxy.config.cache.permit.pinning", "0"), "/p/off/*")
                    .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*");
            URI p = c.start(d, work.resolve("pinning"));
            List<String> watched = List.of("/dev/a", "/p/on/a", "/p/off/a", "/ordinary/a");
            getHost(p, "www.apache.org", "/dev/a");
            for (String path : watched.subList(1, 4)) {
                get(p, path);
            }
            get(p, "/p/on/nostore");
            for (int i = 0; i < 40; i++) {
                get(p, "/flood/" + i);
            }
            getHost(p, "www.apache.org", "/dev/a");
            for (String path : watched.subList(1, 4)) {
                get(p, path);
            }
            get(p, "/p/on/nostore");
            assertThat(count(o, "/dev/a")).as("pinned by the seed's rule").isEqualTo(1);
            assertThat(count(o, "/p/on/a")).as("pinned by our rule").isEqualTo(1);
            assertThat(count(o, "/p/off/a")).as("permit.pinning=0 here: evicted").isEqualTo(2);
            assertThat(count(o, "/ordinary/a")).as("not pinned: evicted").isEqualTo(2);
            assertThat(count(o, "/p/on/nostore")).as("a pin does not make a response storable").isEqualTo(2);

            get(p, "/cookie");
            get(p, "/cookie");
            assertThat(count(o, "/cookie")).as("edgecache.defaults=rfc9111 stores Set-Cookie responses").isEqualTo(1);
        }
    }

    /** Bad per-URL settings and a bad cache.config fail the deployment with one message naming what is wrong. */
    @Test
    void badConfigurationFailsTheDeploymentWithAClearMessage() throws Exception {
        assertDeploymentFails(Deployment.cached(origin.url()).filter("remap", ConfRemapFilter.class.getName(),
                Map.of("proxy.config.http.cache.colour", "blue", "edgecache.store.disk", "1g"), "/x/*"),
                "filter 'remap'", "'proxy.config.http.cache.colour' is not a cache knob",
                "'edgecache.store.disk' is a global setting");
        assertDeploymentFails(Deployment.cached(origin.url()).filter("remap", ConfRemapFilter.class.getName(),
                Map.of(C + "required_headers", "7"), "/x/*"),
                "filter 'remap'", "'" + C + "required_headers' has the value '7'", "from 0 to 2");
        assertDeploymentFails(Deployment.cached(origin.url()).contextParam("edgecache.collapsed.uncacheable-ttl",
                "-1"), "'edgecache.collapsed.uncacheable-ttl' has the value '-1'", "from 0 to 86400");
        Path bad = work.resolve("bad.config");
        Files.writeString(bad, "# fine\nurl_regex=^/a/ ttl-in-cache=6h\nurl_regex=^/b/ ttl-in-cache=soon\n");
        assertDeploymentFails(Deployment.cached(origin.url()).contextParam("proxy.config.cache.control.filename",
                bad.toString()), "proxy.config.cache.control.filename", "line 3", "not a duration");
    }

    private void assertDeploymentFails(Deployment d, String... messageParts) throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + (r.getParameters() == null ? ""
                        : List.of(r.getParameters())));
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
        try (Container c = Container.create(containerName)) {
            Path dir = Files.createTempDirectory(work, "failing");
            assertThatThrownBy(() -> c.start(d, dir)).isInstanceOf(Exception.class);
        } finally {
            edgecache.removeHandler(capture);
        }
        assertThat(String.join("\n", logged)).contains(messageParts);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static long count(TestOrigin o, String target) {
        return o.requests().stream().filter(s -> s.rawTarget().equals(target)).count();
    }

    private static List<TestOrigin.Seen> seen(String prefix) {
        return origin.requests().stream().filter(s -> s.rawTarget().startsWith(prefix)).toList();
    }

    /** A GET over a kept-alive connection (java.net.http; it sets Host itself). */
    private static Resp get(URI server, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Resp(r.statusCode(), r.headers(), r.body());
    }

    private static RawHttp.Response getHost(URI server, String host, String path, String... headers)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("GET " + path + " HTTP/1.1");
        lines.add("Host: " + host);
        for (int i = 0; i < headers.length; i += 2) {
            lines.add(headers[i] + ": " + headers[i + 1]);
        }
        return RawHttp.exchange(server, lines.toArray(String[]::new));
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(proxy.resolve(path)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
