package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.web.StatsServlet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PUSH and PURGE through each container, byte-level: every answer code, the seed's example byte for byte, access
 * control by client address (a client bound to 127.0.0.2 is not 127.0.0.1), and that a refused, malformed,
 * oversized or broken-off push leaves nothing in the store.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushPurgeIT extends EdgeFixture {
    /** The seed's example (seed 003, "Understanding HTTP PUSH") with HTTP's CRLF line ends: 84 body bytes. */
    static final String SEED_EXAMPLE = "PUSH http://www.company.com HTTP/1.0\r\n"
            + "Content-length: 84\r\n"
            + "\r\n"
            + "HTTP/1.0 200 OK\r\n"
            + "Content-type: text/html\r\n"
            + "Content-length: 17\r\n"
            + "\r\n"
            + "<HTML>\r\n"
            + "a\r\n"
            + "</HTML>\r\n";
    static final String SEED_BODY = "<HTML>\r\na\r\n</HTML>\r\n";
    private static final InetAddress OTHER_CLIENT = address("127.0.0.2");

    private TestOrigin origin;
    private URI proxy;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        AtomicInteger n = new AtomicInteger();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "origin " + n.incrementAndGet(), "Cache-Control",
                "max-age=600"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void deploy(String... contextParams) throws Exception {
        Deployment d = Deployment.cached(origin.url())
                .servlet("stats", StatsServlet.class.getName(), Map.of(), "/edgecache/stats");
        d.contextParams(contextParams);
        proxy = edge.deploy(d);
    }

    private void deployWithPush(String... more) throws Exception {
        String[] params = new String[more.length + 2];
        params[0] = "proxy.config.http.push_method_enabled";
        params[1] = "1";
        System.arraycopy(more, 0, params, 2, more.length);
        deploy(params);
    }

    /** A PUSH request for the path with the given pushed response (CRLF line ends) and request header lines. */
    private static byte[] push(String target, String pushedResponse, String... requestHeaders) {
        byte[] body = pushedResponse.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder head = new StringBuilder("PUSH " + target + " HTTP/1.1\r\nHost: www.company.com\r\n");
        for (String h : requestHeaders) {
            head.append(h).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String purge(String target) {
        return "PURGE " + target + " HTTP/1.1\r\nHost: www.company.com\r\nConnection: close\r\n\r\n";
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }

    private long stat(String name) throws Exception {
        return StatsPage.value(proxy, name);
    }

    // ---------------------------------------------------------------- the seed's example

    @Test
    void theSeedsExampleIsStoredAndServedAsIfTheOriginHadSentIt() throws Exception {
        deployWithPush();
        RawHttp.Response created = RawHttp.send(proxy, bytes(SEED_EXAMPLE));
        assertThat(created.status()).isEqualTo(201);

        HttpResponse<String> hit = get("/");
        assertThat(hit.statusCode()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo(SEED_BODY);
        assertThat(hit.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(hit.headers().firstValue("Content-Length")).hasValue("20");
        assertThat(hit.headers().firstValue("Date")).isPresent();
        assertThat(hit.headers().firstValue("Cache-Status").orElse("")).startsWith("edgecache; hit");
        RawHttp.Response absolute = RawHttp.send(proxy, bytes("GET http://www.company.com HTTP/1.0\r\n\r\n"));
        assertThat(absolute.status()).isEqualTo(200);
        assertThat(new String(absolute.body(), StandardCharsets.ISO_8859_1)).isEqualTo(SEED_BODY);
        assertThat(origin.count()).isZero();

        RawHttp.Response replaced = RawHttp.send(proxy, bytes(SEED_EXAMPLE));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(stat("proxy.process.http.push_requests")).isEqualTo(2);
        assertThat(stat("proxy.process.http.pushed_document_total_size")).isEqualTo(40);
        assertThat(stat("proxy.process.http.pushed_response_header_total_size")).isEqualTo(128);
        assertThat(stat("proxy.process.cache.direntries.used")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- 201 / 200

    @Test
    void aNewObjectIs201AReplacedOne200AndTheNewBodyIsServed() throws Exception {
        deployWithPush();
        String v1 = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nETag: \"v1\"\r\n\r\nfirst version";
        String v2 = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nETag: \"v2\"\r\n\r\nsecond";
        assertThat(RawHttp.send(proxy, push("/page", v1)).status()).isEqualTo(201);
        assertThat(get("/page").body()).isEqualTo("first version");
        assertThat(RawHttp.send(proxy, push("/page", v2)).status()).isEqualTo(200);
        HttpResponse<String> r = get("/page");
        assertThat(r.body()).isEqualTo("second");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"v2\"");
        assertThat(get("/page", "If-None-Match", "\"v2\"").statusCode()).isEqualTo(304);
        assertThat(origin.count()).isZero();
    }

    @Test
    void aPushedVariantIsKeyedByThePushRequestsHeaders() throws Exception {
        deployWithPush();
        String fr = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nVary: Accept-Language\r\n\r\nbonjour";
        assertThat(RawHttp.send(proxy, push("/hello", fr, "Accept-Language: fr")).status()).isEqualTo(201);
        assertThat(get("/hello", "Accept-Language", "fr").body()).isEqualTo("bonjour");
        assertThat(origin.count()).isZero();
        assertThat(get("/hello", "Accept-Language", "en").body()).isEqualTo("origin 1");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void aChunkedPushIsStoredWhole() throws Exception {
        deployWithPush();
        String pushed = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nContent-Type: text/plain\r\n\r\n"
                + "x".repeat(70_000);
        byte[] body = bytes(pushed);
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes(bytes("PUSH /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"));
        for (int off = 0; off < body.length; off += 10_000) {
            int len = Math.min(10_000, body.length - off);
            req.writeBytes(bytes(Integer.toHexString(len) + "\r\n"));
            req.write(body, off, len);
            req.writeBytes(bytes("\r\n"));
        }
        req.writeBytes(bytes("0\r\n\r\n"));
        assertThat(RawHttp.send(proxy, req.toByteArray()).status()).isEqualTo(201);
        HttpResponse<String> r = get("/chunked");
        assertThat(r.body()).isEqualTo("x".repeat(70_000));
        assertThat(r.headers().firstValue("Content-Length")).hasValue("70000");
        assertThat(origin.count()).isZero();
    }

    // ---------------------------------------------------------------- 400

    @Test
    void anUncacheableResponseIs400ResponseNotCacheableAndNothingIsStored() throws Exception {
        deployWithPush();
        RawHttp.Response r = RawHttp.send(proxy, push("/secret",
                "HTTP/1.1 200 OK\r\nCache-Control: no-store\r\n\r\nsecret"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).startsWith("Response Not Cacheable\n").contains("NO_STORE_IN_RESPONSE");
        assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(get("/secret").body()).isEqualTo("origin 1");
        RawHttp.Response partial = RawHttp.send(proxy, push("/partial",
                "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-1/10\r\nCache-Control: max-age=60\r\n\r\nab"));
        assertThat(partial.status()).isEqualTo(400);
        assertThat(partial.text()).startsWith("Response Not Cacheable\n");
    }

    @Test
    void aMalformedPushedHeadIs400MalformedPushedResponseHeader() throws Exception {
        deployWithPush();
        for (String bad : new String[] {"HTTP/1.1 OK\r\n\r\nbody", "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\nbody",
            "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\nbody", "<html>not a response</html>\r\n\r\n"}) {
            RawHttp.Response r = RawHttp.send(proxy, push("/bad", bad));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.text()).as(bad).startsWith("Malformed Pushed Response Header\n");
        }
        assertThat(stat("proxy.process.cache.direntries.used")).isZero();
    }

    @Test
    void aHeadLongerThanTheContentLengthOrNoContentLengthIs400BadContentLength() throws Exception {
        deployWithPush();
        RawHttp.Response shortLength = RawHttp.send(proxy, bytes("PUSH /x HTTP/1.1\r\nHost: a\r\nContent-Length: 20"
                + "\r\nConnection: close\r\n\r\nHTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n\r\nbody"));
        assertThat(shortLength.status()).isEqualTo(400);
        assertThat(shortLength.text()).startsWith("Bad Content Length\n");
        RawHttp.Response none = RawHttp.send(proxy, bytes("PUSH /x HTTP/1.0\r\n\r\n"));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.text()).startsWith("Bad Content Length\n");
        assertThat(stat("proxy.process.cache.direntries.used")).isZero();
    }

    @Test
    void aDynamicUrlIs400RequestNotCacheableWhenDynamicUrlsAreNotCached() throws Exception {
        deployWithPush("proxy.config.http.cache.cache_urls_that_look_dynamic", "0");
        RawHttp.Response r = RawHttp.send(proxy, push("/search?q=1",
                "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n\r\nresults"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).startsWith("Request Not Cacheable\n");
    }

    // ---------------------------------------------------------------- 413 and broken pushes: nothing partial

    @Test
    void anOversizedPushIs413AndLeavesNothing() throws Exception {
        deployWithPush("edgecache.push.max-size", "1k");
        String big = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\n\r\n" + "y".repeat(2000);
        RawHttp.Response declared = RawHttp.send(proxy, push("/big", big));
        assertThat(declared.status()).isEqualTo(413);
        byte[] body = bytes(big);
        byte[] chunked = concat(bytes("PUSH /big HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(body.length) + "\r\n"),
                concat(body, bytes("\r\n0\r\n\r\n")));
        RawHttp.Response streamed = RawHttp.send(proxy, chunked);
        assertThat(streamed.status()).isEqualTo(413);
        assertThat(stat("proxy.process.cache.direntries.used")).isZero();
        assertThat(get("/big").body()).isEqualTo("origin 1");
    }

    @Test
    void aPushWhoseBodyEndsEarlyLeavesNothing() throws Exception {
        deployWithPush();
        String head = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\n\r\n";
        String answer;
        try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(bytes("PUSH /cut HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"
                    + head + "z".repeat(40_000)));
            s.getOutputStream().flush();
            s.shutdownOutput();
            // the push has been dealt with once the answer is complete
            answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        // Jetty sends ours (Bad Content Length); Tomcat, having seen the read fail, replaces it with its error page
        assertThat(answer).startsWith("HTTP/1.1 400");
        if (containerName.equals("jetty")) {
            assertThat(answer).contains("Bad Content Length\n");
        }
        assertThat(stat("proxy.process.cache.direntries.used")).isZero();
        assertThat(get("/cut").body()).isEqualTo("origin 1");
    }

    // ---------------------------------------------------------------- 403

    @Test
    void pushIs403WhenDisabled() throws Exception {
        deploy();
        RawHttp.Response r = RawHttp.send(proxy, bytes(SEED_EXAMPLE));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("proxy.config.http.push_method_enabled=0");
        assertThat(get("/").body()).isEqualTo("origin 1");
    }

    @Test
    void byDefaultOnly127001MayPushPurgeAndReadTheStats() throws Exception {
        deployWithPush();
        RawHttp.Response push = RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes(SEED_EXAMPLE));
        assertThat(push.status()).isEqualTo(403);
        assertThat(push.text()).contains("not allowed from 127.0.0.2");
        assertThat(RawHttp.send(proxy, bytes(SEED_EXAMPLE)).status()).isEqualTo(201);
        assertThat(RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes(purge("/"))).status()).isEqualTo(403);
        assertThat(RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes("GET /edgecache/stats HTTP/1.0\r\n\r\n")).status())
                .isEqualTo(403);
        RawHttp.Response get = RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes("GET / HTTP/1.0\r\n\r\n"));
        assertThat(get.status()).isEqualTo(200);
        assertThat(new String(get.body(), StandardCharsets.ISO_8859_1)).isEqualTo(SEED_BODY);
        assertThat(origin.count()).isZero();
    }

    @Test
    void anIpAllowFileDecidesWhoMayPushAndPurge() throws Exception {
        Path rules = Files.writeString(work.resolve("ip_allow.config"), """
                # the other client may push, not purge; the rest of 127/8 (the tests' own client) may do neither
                src_ip=127.0.0.2            action=ip_allow method=PUSH|GET|ADMIN
                src_ip=127.0.0.0/8          action=ip_deny  method=PUSH|PURGE
                src_ip=::/0                 action=ip_deny  method=PUSH|PURGE
                """);
        deployWithPush("proxy.config.cache.ip_allow.filename", rules.toString());
        assertThat(RawHttp.send(proxy, bytes(SEED_EXAMPLE)).status()).isEqualTo(403);
        assertThat(RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes(SEED_EXAMPLE)).status()).isEqualTo(201);
        assertThat(RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes(purge("/"))).status()).isEqualTo(403);
        assertThat(RawHttp.send(proxy, bytes(purge("/"))).status()).isEqualTo(403);
        assertThat(RawHttp.sendFrom(OTHER_CLIENT, proxy, bytes("GET /edgecache/stats HTTP/1.0\r\n\r\n")).status())
                .isEqualTo(200);
        assertThat(get("/edgecache/stats").statusCode()).isEqualTo(403);
    }

    @Test
    void aBadIpAllowFileFailsTheDeployment() throws Exception {
        Path rules = Files.writeString(work.resolve("ip_allow.config"), "src_ip=127.0.0.1 action=ip_allow\n"
                + "src_ip=10.0.0.0/40 action=ip_allow\n");
        assertThatThrownBy(() -> deploy("proxy.config.cache.ip_allow.filename", rules.toString()))
                .isInstanceOf(Exception.class);
    }

    // ---------------------------------------------------------------- PURGE

    @Test
    void purgeRemovesEveryAlternateAndIs200ThenIs404AndIsNeverForwarded() throws Exception {
        deployWithPush();
        String fr = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nVary: Accept-Language\r\n\r\nbonjour";
        String en = "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nVary: Accept-Language\r\n\r\nhello";
        assertThat(RawHttp.send(proxy, push("/hello", fr, "Accept-Language: fr")).status()).isEqualTo(201);
        assertThat(RawHttp.send(proxy, push("/hello", en, "Accept-Language: en")).status()).isEqualTo(201);
        assertThat(stat("proxy.process.cache.direntries.used")).isEqualTo(2);

        RawHttp.Response purged = RawHttp.send(proxy, bytes(purge("/hello")));
        assertThat(purged.status()).isEqualTo(200);
        assertThat(purged.body()).isEmpty();
        assertThat(stat("proxy.process.cache.direntries.used")).isZero();
        assertThat(RawHttp.send(proxy, bytes(purge("/hello"))).status()).isEqualTo(404);
        assertThat(origin.count()).isZero();
        assertThat(stat("proxy.process.http.purge_requests")).isEqualTo(2);
        assertThat(get("/hello", "Accept-Language", "fr").body()).isEqualTo("origin 1");
    }

    @Test
    void anAbsoluteFormPurgeRemovesWhatTheSameUrlsGetIsServed() throws Exception {
        deployWithPush();
        assertThat(get("/doc?v=1").body()).isEqualTo("origin 1");
        assertThat(get("/doc?v=1").body()).isEqualTo("origin 1");
        assertThat(RawHttp.send(proxy, bytes("PURGE http://www.company.com/doc?v=1 HTTP/1.0\r\n\r\n")).status())
                .isEqualTo(200);
        assertThat(get("/doc?v=1").body()).isEqualTo("origin 2");
        assertThat(origin.count()).isEqualTo(2);
    }
}
