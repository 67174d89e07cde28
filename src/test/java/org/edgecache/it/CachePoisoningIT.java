package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Cache poisoning through each container: unkeyed override headers (X-Forwarded-Host, X-Original-URL, …) never
 * reach the origin, so they cannot shape a stored response another client gets; request smuggling (Content-Length
 * against Transfer-Encoding, duplicate Content-Length) never desynchronises the pooled origin connections; and a
 * flood of values of a header the origin varies on never makes more than max_alts alternates exist.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CachePoisoningIT extends EdgeFixture {
    /** Headers an origin framework may believe over the request itself; the origin echoes each into its body. */
    static final List<String> OVERRIDES = List.of("X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port",
            "X-Forwarded-Scheme", "X-Forwarded-Server", "X-Forwarded-Prefix", "X-Host", "X-Original-Host",
            "X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
            "Forwarded", "Front-End-Https");

    private TestOrigin origin;
    private URI proxy;

    @BeforeEach
    void start() throws Exception {
        origin = edge.origin();
        // the page a framework builds from the override headers: every one it was given shows in the body
        origin.on("/page", ex -> {
            StringBuilder body = new StringBuilder("page");
            for (String h : OVERRIDES) {
                String v = ex.getRequestHeaders().getFirst(h);
                if (v != null) {
                    body.append('\n').append(h).append('=').append(v);
                }
            }
            TestOrigin.respond(ex, 200, body.toString(), "Cache-Control", "max-age=600");
        });
        // echoes the request it got, body included, so that a request cut or joined differently shows
        origin.on("/echo", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            TestOrigin.respond(ex, 200, ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " "
                    + in.length + ":" + new String(in, StandardCharsets.ISO_8859_1), "Cache-Control", "no-store");
        });
        origin.on("/hostpage", ex -> TestOrigin.respond(ex, 200, "links to " + ex.getRequestHeaders().getFirst("Host")
                + " " + ex.getRequestHeaders().getFirst("X-Forwarded-Host") + " "
                + ex.getRequestHeaders().getFirst("Forwarded"), "Cache-Control", "max-age=600"));
        origin.on("/vary", ex -> TestOrigin.respond(ex, 200, "variant " + ex.getRequestHeaders().getFirst("X-Attacker"),
                "Cache-Control", "max-age=600", "Vary", "X-Attacker"));
    }

    private void deploy(String... contextParams) throws Exception {
        Deployment d = Deployment.cached(origin.url());
        d.contextParams(contextParams);
        proxy = edge.deploy(d);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void overrideHeadersNeverReachTheOriginSoTheStoredPageIsTheCleanOne() throws Exception {
        deploy();
        List<String> attack = new ArrayList<>();
        for (String h : OVERRIDES) {
            attack.add(h);
            attack.add(h.contains("Method") ? "DELETE" : h.equals("Forwarded") ? "host=evil.example;proto=https"
                    : h.contains("URL") ? "/admin" : "evil.example");
        }
        HttpResponse<byte[]> poisoned = get("/page", attack.toArray(String[]::new));
        assertThat(poisoned.statusCode()).isEqualTo(200);
        TestOrigin.Seen seen = origin.last();
        for (String h : OVERRIDES) {
            String v = seen.header(h);
            assertThat(v == null || !v.contains("evil") && !v.equals("DELETE") && !v.equals("/admin"))
                    .as("%s reached the origin as %s", h, v).isTrue();
        }
        // what the origin answers any client is what the proxy itself tells it: X-Forwarded-Proto, and no Host
        String clean = "page\nX-Forwarded-Proto=http";
        assertThat(new String(poisoned.body(), StandardCharsets.UTF_8)).isEqualTo(clean);
        HttpResponse<byte[]> victim = get("/page");
        assertThat(victim.statusCode()).isEqualTo(200);
        assertThat(victim.body()).isEqualTo(clean.getBytes(StandardCharsets.UTF_8));
        assertThat(victim.headers().firstValue("Cache-Status").orElse("")).contains("hit");
        assertThat(origin.count()).isEqualTo(1);
    }

    /**
     * The client's Host is not part of the cache key; by default ({@code forwarded=x-forwarded-for}) and with
     * {@code forwarded=none} (and without preserveHost) the origin never learns it either, so a Host of the attacker's
     * choosing cannot shape a stored page. ({@code forwarded=x-forwarded} tells the origin the client's Host in
     * X-Forwarded-Host: see docs/reliability.md, "Hostile input".)
     */
    @ParameterizedTest
    @ValueSource(strings = {"default", "none"})
    void byDefaultAndWithForwardedNoneTheClientsHostNeverReachesTheOrigin(String forwarded) throws Exception {
        proxy = edge.deploy(forwarded.equals("default") ? Deployment.cached(origin.url())
                : Deployment.cached(origin.url(), "forwarded", forwarded));
        RawHttp.Response attack = RawHttp.exchange(proxy, "GET /hostpage HTTP/1.1", "Host: evil.example",
                "X-Forwarded-Host: evil.example", "Forwarded: host=evil.example");
        String clean = "links to 127.0.0.1:" + origin.port() + " null null";
        assertThat(attack.text()).isEqualTo(clean);
        HttpResponse<byte[]> victim = get("/hostpage");
        assertThat(victim.body()).isEqualTo(clean.getBytes(StandardCharsets.UTF_8));
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void theOverrideHeadersCannotTurnAGetIntoAnotherMethodAtTheOrigin() throws Exception {
        deploy();
        HttpResponse<byte[]> r = get("/echo/m", "X-HTTP-Method-Override", "DELETE", "X-HTTP-Method", "PUT",
                "X-Method-Override", "POST", "X-Original-URL", "/echo/admin", "X-Rewrite-URL", "/echo/admin");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("GET /echo/m 0:");
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.headers()).doesNotContainKeys("x-http-method-override", "x-http-method",
                "x-method-override", "x-original-url", "x-rewrite-url");
    }

    /** One raw connection to the proxy: sends the bytes and reads every response until the proxy closes it. */
    private static String rawExchange(URI server, String request) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException reset) {
                // a container may reset a connection it refused; what arrived before counts
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void smugglingAttemptsNeverDesynchroniseThePooledOriginConnections() throws Exception {
        deploy();
        String smuggled = "GET /echo/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
        Map<String, String> attacks = new TreeMap<>();
        attacks.put("cl-te", "POST /echo/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n0\r\n\r\n" + smuggled);
        attacks.put("te-cl", "POST /echo/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(smuggled.length() + 2) + "\r\nxx" + smuggled
                + "\r\n0\r\n\r\n");
        attacks.put("duplicate-cl", "POST /echo/c HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: "
                + (smuggled.length() + 2) + "\r\nConnection: close\r\n\r\nxx" + smuggled);
        attacks.put("cl-list", "POST /echo/d HTTP/1.1\r\nHost: x\r\nContent-Length: 2, " + (smuggled.length() + 2)
                + "\r\nConnection: close\r\n\r\nxx" + smuggled);
        attacks.put("te-obfuscated", "POST /echo/e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: "
                + "xchunked\r\nConnection: close\r\n\r\n0\r\n\r\n" + smuggled);
        attacks.put("te-identity", "POST /echo/f HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity, chunked\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\n0\r\n\r\n" + smuggled);
        Map<String, String> answers = new TreeMap<>();
        for (Map.Entry<String, String> a : attacks.entrySet()) {
            answers.put(a.getKey(), rawExchange(proxy, a.getValue()));
            // after every attempt, clean requests on the pooled origin connections get their own answers
            for (int i = 0; i < 3; i++) {
                String path = "/echo/" + a.getKey() + "-clean-" + i;
                HttpResponse<byte[]> r = get(path);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(a.getKey())
                        .isEqualTo("GET " + path + " 0:");
            }
            HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(proxy.resolve("/echo/" + a.getKey() + "-post"))
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(new String(post.body(), StandardCharsets.UTF_8))
                    .isEqualTo("POST /echo/" + a.getKey() + "-post 5:hello");
        }
        // the origin saw only requests a client made as such: the smuggled GET only where the container itself
        // read it as the client's next request, never glued to or cut from another request's body
        Set<String> allowed = Set.of("/echo/a", "/echo/b", "/echo/c", "/echo/d", "/echo/e", "/echo/f",
                "/echo/smuggled");
        for (TestOrigin.Seen s : origin.requests()) {
            String path = URI.create(s.rawTarget()).getRawPath();
            assertThat(allowed.contains(path) || path.contains("-clean-") || path.endsWith("-post"))
                    .as("unexpected request at the origin: %s %s", s.method(), s.rawTarget()).isTrue();
        }
        for (Map.Entry<String, String> a : answers.entrySet()) {
            String text = a.getValue();
            // a forwarded POST carried the body the container framed, whole: "POST <path> <n>:<those n bytes>"
            int at = text.indexOf("POST /echo/");
            if (at >= 0) {
                String echoed = text.substring(at);
                int space = echoed.indexOf(' ', 5);
                int colon = echoed.indexOf(':', space);
                int n = Integer.parseInt(echoed.substring(space + 1, colon));
                assertThat(echoed.length()).as(a.getKey()).isGreaterThanOrEqualTo(colon + 1 + n);
            }
            assertThat(text).as(a.getKey()).doesNotContain("HTTP/1.1 502", "HTTP/1.1 504", "edgecache: origin");
        }
    }

    @Test
    void aVaryFloodNeverMakesMoreThanMaxAltsAlternates() throws Exception {
        deploy("proxy.config.cache.limits.http.max_alts", "3");
        for (String legit : List.of("en", "fr")) {
            assertThat(new String(get("/vary", "X-Attacker", legit).body(), StandardCharsets.UTF_8))
                    .isEqualTo("variant " + legit);
        }
        int flood = 1000;
        for (int i = 0; i < flood; i++) {
            HttpResponse<byte[]> r = get("/vary", "X-Attacker", "flood-" + i);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("variant flood-" + i);
        }
        assertThat(origin.count()).isEqualTo(flood + 2);
        // only-if-cached answers from the store or 504s: it neither asks the origin nor stores
        int stored = 0;
        List<String> values = new ArrayList<>(List.of("en", "fr"));
        for (int i = 0; i < flood; i++) {
            values.add("flood-" + i);
        }
        for (String v : values) {
            HttpResponse<byte[]> r = get("/vary", "X-Attacker", v, "Cache-Control", "only-if-cached");
            if (r.statusCode() == 200) {
                stored++;
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("variant " + v);
            } else {
                assertThat(r.statusCode()).isEqualTo(504);
            }
        }
        assertThat(stored).isBetween(1, 3);
        assertThat(origin.count()).isEqualTo(flood + 2);
        // the legitimate alternates, pushed out or not, are answered correctly
        for (String legit : List.of("en", "fr")) {
            assertThat(new String(get("/vary", "X-Attacker", legit).body(), StandardCharsets.UTF_8))
                    .isEqualTo("variant " + legit);
            assertThat(new String(get("/vary", "X-Attacker", legit).body(), StandardCharsets.UTF_8))
                    .isEqualTo("variant " + legit);
        }
    }
}
