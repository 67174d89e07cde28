package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.edgecache.web.BackgroundFetchFilter;
import org.edgecache.web.CacheConfigServlet;
import org.edgecache.web.StatsServlet;
import org.edgecache.web.UpdateServlet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Access from where and with what the rules do not allow, through each container: PUSH, PURGE and the admin
 * endpoints (stats, cache.config, update) refuse every address and method ip_allow does not allow — forwarding
 * headers that claim another address notwithstanding — and nothing changes (the stored object, the rules, the
 * update settings); the background-fetch mark sent by a client, whatever its value, is hidden and never makes a
 * request internal. The clients are raw sockets bound to 127.0.0.1 or 127.0.0.2.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileAccessIT extends EdgeFixture {
    private static final InetAddress OTHER = address("127.0.0.2");
    private static final InetAddress LOCAL = address("127.0.0.1");
    private static final String[] ADMIN_PATHS = {"/edgecache/stats", "/edgecache/cache.config", "/edgecache/update"};
    private static final String[] SPOOFS = {"X-Forwarded-For: 127.0.0.1", "Forwarded: for=127.0.0.1",
        "X-Real-IP: 127.0.0.1", "Client-IP: 127.0.0.1", "True-Client-IP: 127.0.0.1", "X-Client-IP: 127.0.0.1"};

    private TestOrigin origin;
    private URI proxy;
    private Path cacheConfig;

    @BeforeEach
    void start() throws Exception {
        origin = edge.origin();
        origin.on("/", ex -> {
            if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
                TestOrigin.respond(ex, 200, "origin " + ex.getRequestURI().getRawPath(), "Cache-Control",
                        "max-age=600");
            } else {
                TestOrigin.respond(ex, 405, "no " + ex.getRequestMethod(), "Allow", "GET, HEAD");
            }
        });
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cache, PUSH enabled, the three admin endpoints, cache.config and update.config files, and ip_allow. */
    private void deploy(String ipAllow) throws Exception {
        cacheConfig = Files.writeString(work.resolve("cache.config"), "dest_domain=example.com ttl-in-cache=1h\n");
        Path update = Files.writeString(work.resolve("update.config"),
                "http://127.0.0.1:1/never.html\\\\13\\3600\\0\\\n");
        Path rules = Files.writeString(work.resolve("ip_allow.config"), ipAllow);
        Deployment d = Deployment.cached(origin.url())
                .servlet("stats", StatsServlet.class.getName(), Map.of(), "/edgecache/stats")
                .servlet("cacheconfig", CacheConfigServlet.class.getName(), Map.of(), "/edgecache/cache.config")
                .servlet("update", UpdateServlet.class.getName(), Map.of(), "/edgecache/update")
                .contextParam("proxy.config.http.push_method_enabled", "1")
                .contextParam("proxy.config.cache.ip_allow.filename", rules.toString())
                .contextParam("proxy.config.cache.control.filename", cacheConfig.toString())
                .contextParam("proxy.config.update.enabled", "0")
                .contextParam("proxy.config.update.update_configuration", update.toString());
        proxy = edge.deploy(d, work.resolve("container"));
    }

    private RawHttp.Response from(InetAddress client, String method, String target, String body, String... headers)
            throws IOException {
        StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(proxy.getPort()).append("\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length > 0 || method.equals("PUSH") || method.equals("POST")) {
            req.append("Content-Length: ").append(b.length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n").append(body);
        return RawHttp.sendFrom(client, proxy, req.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static final String PUSHED = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=600\r\n"
            + "Content-Length: 6\r\n\r\nPUSHED";

    /** The stored object is still the origin's, served from the store, and the origin was not asked again. */
    private void assertStoredObjectUnchanged(String path, int originRequests) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("origin " + path);
        assertThat(r.headers().firstValue("Cache-Status").orElse("")).startsWith("edgecache; hit");
        assertThat(origin.count()).isEqualTo(originRequests);
    }

    @Test
    void anAddressTheRulesDoNotAllowCanNeitherPushNorPurgeNorUseTheAdminEndpoints() throws Exception {
        deploy("""
                src_ip=127.0.0.1 action=ip_allow method=ALL
                src_ip=127.0.0.2 action=ip_allow method=GET|HEAD
                """);
        assertThat(from(LOCAL, "GET", "/obj", "").status()).isEqualTo(200);
        int originRequests = origin.count();
        String loadedBefore = from(LOCAL, "GET", "/edgecache/cache.config", "").text();
        Files.writeString(cacheConfig, "dest_domain=example.com action=never-cache\nurl_regex=. action=never-cache\n");

        for (String[] spoof : new String[][] {{}, SPOOFS}) {
            assertThat(from(OTHER, "PUSH", "/obj", PUSHED, spoof).status()).isEqualTo(403);
            assertThat(from(OTHER, "PUSH", "http://127.0.0.1:" + proxy.getPort() + "/obj", PUSHED, spoof).status())
                    .isEqualTo(403);
            assertThat(from(OTHER, "PURGE", "/obj", "", spoof).status()).isEqualTo(403);
            assertThat(from(OTHER, "PURGE", "http://127.0.0.1:" + proxy.getPort() + "/obj", "", spoof).status())
                    .isEqualTo(403);
            for (String path : ADMIN_PATHS) {
                for (String method : List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")) {
                    RawHttp.Response r = from(OTHER, method, path + (method.equals("POST") ? "?force=1" : ""), "",
                            spoof);
                    assertThat(r.status()).as("%s %s from 127.0.0.2", method, path).isIn(403, 405);
                    assertThat(r.text()).doesNotContain("proxy.process", "rules:", "proxy.config.update");
                }
            }
        }
        // a method that only looks like PURGE is just an unknown method: forwarded, refused by the origin, no change
        assertThat(from(OTHER, "purge", "/obj", "").status()).isEqualTo(405);
        assertStoredObjectUnchanged("/obj", originRequests + 1);
        String loadedAfter = from(LOCAL, "GET", "/edgecache/cache.config", "").text();
        assertThat(loadedAfter).isEqualTo(loadedBefore);
        assertThat(from(LOCAL, "GET", "/edgecache/update", "").text()).contains("proxy.config.update.force 0");
        String stats = from(LOCAL, "GET", "/edgecache/stats", "").text();
        assertThat(stats).contains("proxy.process.http.cache_deletes 0");
    }

    @Test
    void anAllowedAddressIsRefusedTheMethodsItsRuleDoesNotList() throws Exception {
        deploy("""
                src_ip=127.0.0.1 action=ip_allow method=ALL
                src_ip=127.0.0.2 action=ip_allow method=GET|PURGE
                """);
        assertThat(from(LOCAL, "GET", "/obj", "").status()).isEqualTo(200);
        int originRequests = origin.count();
        assertThat(from(OTHER, "PUSH", "/obj", PUSHED).status()).isEqualTo(403);
        for (String path : ADMIN_PATHS) {
            assertThat(from(OTHER, "GET", path, "").status()).as(path).isEqualTo(403);
        }
        assertStoredObjectUnchanged("/obj", originRequests);
        // what it is allowed works, so the refusals above are the rules' doing
        assertThat(from(OTHER, "PURGE", "/obj", "").status()).isEqualTo(200);
        assertThat(from(OTHER, "PURGE", "/obj", "").status()).isEqualTo(404);
    }

    @Test
    void anAllowedClientGets405ForMethodsAnAdminEndpointDoesNotHave() throws Exception {
        deploy("src_ip=127.0.0.1 action=ip_allow method=ALL\n");
        for (String path : ADMIN_PATHS) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE")) {
                RawHttp.Response r = from(LOCAL, method, path, "", "Cookie: secret=1");
                assertThat(r.status()).as("%s %s", method, path).isIn(405, 501);
                assertThat(r.text()).doesNotContain("secret=1");
            }
        }
    }

    @Test
    void theBackgroundFetchMarkFromOutsideIsHiddenAndNeverMakesARequestInternal() throws Exception {
        origin.on("/obj", new PatternRanges(1000, "Cache-Control", "max-age=3600", "ETag", "\"v1\""));
        Deployment d = Deployment.proxyTo(origin.url())
                .filter("bgfetch", BackgroundFetchFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*")
                .servlet("stats", StatsServlet.class.getName(), Map.of(), "/edgecache/stats");
        proxy = edge.deploy(d);
        List<String> forged = List.of("", "1", "true", "internal", "0".repeat(64), "x".repeat(6000));
        int triggered = 0;
        for (int i = 0; i < forged.size(); i++) {
            String path = "/obj/" + i;
            String name = i % 2 == 0 ? "X-Edgecache-Background-Fetch" : "x-EDGECACHE-background-fetch";
            RawHttp.Response r = from(OTHER, "GET", path, "", "Range: bytes=0-9", name + ": " + forged.get(i),
                    name + ": " + forged.get(i));
            assertThat(r.status()).isIn(206, 431, 400);
            if (r.status() != 206) {
                continue;
            }
            assertThat(r.body()).isEqualTo(Pattern.bytes(0, 10));
            // internal requests never trigger a fetch: this one did, so the mark did not make it internal
            long expected = ++triggered;
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stat("edgecache.background_fetch.started") >= expected);
        }
        assertThat(triggered).isGreaterThanOrEqualTo(5);
        assertThat(origin.requests()).isNotEmpty().allSatisfy(s -> assertThat(s.headers().keySet())
                .noneMatch(h -> h.equalsIgnoreCase("X-Edgecache-Background-Fetch")));
    }

    private long stat(String name) throws Exception {
        return StatsPage.value(proxy, name);
    }
}
