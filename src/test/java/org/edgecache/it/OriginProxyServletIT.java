package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The origin proxy servlet, black-box, through each container against a real origin on loopback. */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OriginProxyServletIT extends EdgeFixture {
    private static final long BIG = 512L * 1024 * 1024;

    private TestOrigin origin;

    private URI deploy(Deployment d) throws Exception {
        return edge.deploy(d);
    }

    private URI proxyToOrigin(String... servletParams) throws Exception {
        origin = edge.origin();
        return deploy(Deployment.proxyTo(origin.url(), servletParams));
    }

    private HttpResponse<byte[]> get(URI base, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void relaysStatusHeadersAndBodyByteForByte() throws Exception {
        URI proxy = proxyToOrigin();
        byte[] body = Pattern.bytes(0, 100_000);
        origin.on("/obj", ex -> {
            ex.getResponseHeaders().add("X-Origin", "a");
            ex.getResponseHeaders().add("X-Origin", "b");
            ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
            ex.sendResponseHeaders(203, body.length);
            ex.getResponseBody().write(body);
        });
        HttpResponse<byte[]> r = get(proxy, "/obj");
        assertThat(r.statusCode()).isEqualTo(203);
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().allValues("X-Origin")).containsExactly("a", "b");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("100000");
        assertThat(r.headers().firstValue("Via")).hasValue("1.1 edgecache");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void errorStatusesAndTheirBodiesPassThrough() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/missing", ex -> TestOrigin.respond(ex, 404, "origin says no"));
        origin.on("/broken", ex -> TestOrigin.respond(ex, 500, "origin failed"));
        HttpResponse<byte[]> r = get(proxy, "/missing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("origin says no");
        r = get(proxy, "/broken");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("origin failed");
    }

    @Test
    void everyMethodIsForwardedWithItsBody() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/m", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            TestOrigin.respond(ex, 200, ex.getRequestMethod() + ":" + new String(in, StandardCharsets.UTF_8));
        });
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "BREW")) {
            boolean withBody = !method.equals("GET") && !method.equals("DELETE") && !method.equals("OPTIONS");
            HttpRequest req = HttpRequest.newBuilder(proxy.resolve("/m"))
                    .method(method, withBody ? HttpRequest.BodyPublishers.ofString("payload-" + method)
                            : HttpRequest.BodyPublishers.noBody())
                    .build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).as(method).isEqualTo(method + ":" + (withBody ? "payload-" + method : ""));
            assertThat(origin.last().method()).isEqualTo(method);
        }
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(proxy.resolve("/m"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(origin.last().method()).isEqualTo("HEAD");
    }

    @Test
    void headKeepsTheOriginsContentLength() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/h", ex -> {
            ex.getResponseHeaders().add("Content-Length", "12345");
            ex.sendResponseHeaders(200, -1);
        });
        RawHttp.Response r = RawHttp.exchange(proxy, "HEAD /h HTTP/1.1", "Host: x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("12345");
    }

    @Test
    void queryStringAndPathGoToTheOriginByteForByte() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/q", ex -> TestOrigin.respond(ex, 200, "ok"));
        String target = "/q/a%2Cb/c;p=1?b=%7e&a=%2F&c=x+y&&d=&e&f=%C3%A9";
        RawHttp.Response r = RawHttp.exchange(proxy, "GET " + target + " HTTP/1.1", "Host: x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(origin.last().rawTarget()).isEqualTo(target);
    }

    @Test
    void prefixIsStrippedAndOriginBasePathPrepended() throws Exception {
        origin = edge.origin();
        origin.on("/base/", ex -> TestOrigin.respond(ex, 200, "ok"));
        URI proxy = deploy(Deployment.proxyTo(origin.url() + "/base", "prefix", "/api"));
        assertThat(get(proxy, "/api/x?y=1").statusCode()).isEqualTo(200);
        assertThat(origin.last().rawTarget()).isEqualTo("/base/x?y=1");
    }

    @Test
    void hopByHopHeadersAreStrippedBothWays() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/hop", ex -> {
            ex.getResponseHeaders().add("Connection", "X-Private-Hop");
            ex.getResponseHeaders().add("X-Private-Hop", "secret");
            ex.getResponseHeaders().add("Keep-Alive", "timeout=5");
            ex.getResponseHeaders().add("Proxy-Authenticate", "Basic");
            ex.getResponseHeaders().add("X-Public", "yes");
            TestOrigin.respond(ex, 200, "ok");
        });
        // Jetty itself answers a request with a bare Upgrade header 400, so only Tomcat gets to forward one
        String upgrade = containerName.equals("jetty") ? "X-No-Upgrade: 1" : "Upgrade: websocket";
        RawHttp.Response r = RawHttp.exchange(proxy, "GET /hop HTTP/1.1", "Host: x",
                "X-Secret: 1", "Connection: X-Secret", "Keep-Alive: 300", "TE: trailers", upgrade,
                "Proxy-Authorization: Basic eDp5", "Proxy-Connection: keep-alive", "X-Keep: kept");
        assertThat(r.status()).isEqualTo(200);
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.header("X-Keep")).isEqualTo("kept");
        for (String hop : List.of("X-Secret", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization", "Proxy-Connection")) {
            assertThat(seen.header(hop)).as(hop).isNull();
        }
        assertThat(r.header("X-Public")).isEqualTo("yes");
        assertThat(r.header("X-Private-Hop")).isNull();
        assertThat(r.header("Keep-Alive")).isNull();
        assertThat(r.header("Proxy-Authenticate")).isNull();
    }

    @Test
    void viaAndXForwardedForAreAdded() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET /v HTTP/1.1", "Host: public.example", "Via: 1.0 downstream",
                "X-Forwarded-For: 10.1.2.3");
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.header("Via")).isEqualTo("1.0 downstream, 1.1 edgecache");
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("10.1.2.3, 127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Host")).as("the client's Host is not in the cache key").isNull();
        assertThat(seen.header("Forwarded")).isNull();
    }

    @Test
    void xForwardedAlsoTellsTheOriginTheClientsHost() throws Exception {
        URI proxy = proxyToOrigin("forwarded", "x-forwarded");
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET /v HTTP/1.1", "Host: public.example", "X-Forwarded-Host: evil.example");
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.header("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(seen.header("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(seen.header("X-Forwarded-Host")).isEqualTo("public.example");
    }

    @Test
    void rfc7239ForwardedOnRequest() throws Exception {
        URI proxy = proxyToOrigin("forwarded", "rfc7239", "viaHost", "edge-1");
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET / HTTP/1.1", "Host: public.example");
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.header("Forwarded")).isEqualTo("for=127.0.0.1;host=\"public.example\";proto=http");
        assertThat(seen.header("X-Forwarded-For")).isNull();
        assertThat(seen.header("Via")).isEqualTo("1.1 edge-1");
    }

    @Test
    void hostIsTheOriginsUnlessPreserveHost() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET / HTTP/1.1", "Host: public.example");
        assertThat(origin.last().header("Host")).isEqualTo("127.0.0.1:" + origin.port());
        edge.undeploy();
        origin.close();
        proxy = proxyToOrigin("preserveHost", "true");
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET / HTTP/1.1", "Host: public.example");
        assertThat(origin.last().header("Host")).isEqualTo("public.example");
        edge.undeploy();
        origin.close();
        proxy = proxyToOrigin("hostHeader", "fixed.example");
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.exchange(proxy, "GET / HTTP/1.1", "Host: public.example");
        assertThat(origin.last().header("Host")).isEqualTo("fixed.example");
    }

    @Test
    void nothingIsDecodedRedirectedOrGivenACookieJarOrUserAgent() throws Exception {
        URI proxy = proxyToOrigin();
        byte[] gz;
        try (var buf = new java.io.ByteArrayOutputStream(); var z = new GZIPOutputStream(buf)) {
            z.write("compressed text".getBytes(StandardCharsets.UTF_8));
            z.finish();
            gz = buf.toByteArray();
        }
        byte[] gzBody = gz;
        origin.on("/gz", ex -> {
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.getResponseHeaders().add("Set-Cookie", "session=abc");
            ex.sendResponseHeaders(200, gzBody.length);
            ex.getResponseBody().write(gzBody);
        });
        origin.on("/redirect", ex -> TestOrigin.respond(ex, 302, "", "Location", "/elsewhere"));
        RawHttp.Response r = RawHttp.exchange(proxy, "GET /gz HTTP/1.1", "Host: x", "Accept-Encoding: gzip");
        assertThat(r.body()).isEqualTo(gzBody);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Set-Cookie")).isEqualTo("session=abc");
        assertThat(origin.last().header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(origin.last().header("User-Agent")).isNull();

        RawHttp.Response second = RawHttp.exchange(proxy, "GET /gz HTTP/1.1", "Host: x");
        assertThat(second.status()).isEqualTo(200);
        assertThat(origin.last().header("Cookie")).isNull();
        assertThat(origin.last().header("Accept-Encoding")).isNull();

        RawHttp.Response redirect = RawHttp.exchange(proxy, "GET /redirect HTTP/1.1", "Host: x");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).isEqualTo("/elsewhere");
        assertThat(origin.requests()).extracting(TestOrigin.Seen::rawTarget).doesNotContain("/elsewhere");
    }

    @Test
    void a512MiBResponseStreamsThroughACappedHeap() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(300L * 1024 * 1024);
        URI proxy = proxyToOrigin();
        origin.on("/big", ex -> {
            ex.sendResponseHeaders(200, BIG);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, BIG);
            }
        });
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/big")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(BIG);
        try (InputStream in = r.body()) {
            assertThat(Pattern.verify(in, 0)).isEqualTo(BIG);
        }
    }

    @Test
    void a512MiBUploadStreamsThroughACappedHeap() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/upload", ex -> {
            long n;
            try (InputStream in = ex.getRequestBody()) {
                n = Pattern.verify(in, 0);
            } catch (IOException wrong) {
                TestOrigin.respond(ex, 400, wrong.getMessage());
                return;
            }
            TestOrigin.respond(ex, 200, Long.toString(n));
        });
        HttpRequest req = HttpRequest.newBuilder(proxy.resolve("/upload"))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(0, BIG)), BIG))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(Long.toString(BIG));
        assertThat(origin.last().header("Content-Length")).isEqualTo(Long.toString(BIG));
    }

    @Test
    void aChunkedUploadStaysChunked() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/upload", ex -> {
            long n = Pattern.verify(ex.getRequestBody(), 0);
            TestOrigin.respond(ex, 200, Long.toString(n));
        });
        long size = 3L * 1024 * 1024 + 7;
        HttpRequest req = HttpRequest.newBuilder(proxy.resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> Pattern.stream(0, size))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo(Long.toString(size));
        assertThat(origin.last().header("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void aClientThatGoesAwayMidBodyClosesTheOriginConnectionWithinASecond() throws Exception {
        URI proxy = proxyToOrigin();
        CompletableFuture<Long> originSawClose = new CompletableFuture<>();
        CompletableFuture<Long> originFinished = new CompletableFuture<>();
        origin.on("/big", ex -> {
            ex.sendResponseHeaders(200, BIG);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, BIG);
                originFinished.complete(System.nanoTime());
            } catch (IOException closed) {
                originSawClose.complete(System.nanoTime());
            }
        });
        long closedAt;
        try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            long read = 0;
            byte[] buf = new byte[16 * 1024];
            while (read < 1024 * 1024) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            s.setSoLinger(true, 0);
            closedAt = System.nanoTime();
        }
        long sawAt = originSawClose.get(5, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(sawAt - closedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(originFinished).isNotDone();
    }

    @Test
    void refusedConnectionGives502NamingTheOrigin() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI proxy = deploy(Deployment.proxyTo("http://127.0.0.1:" + closedPort));
        HttpResponse<byte[]> r = get(proxy, "/x");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .contains("http://127.0.0.1:" + closedPort).contains("could not be reached");
    }

    @Test
    void anOriginThatDoesNotAnswerInTimeGives504() throws Exception {
        URI proxy = proxyToOrigin("timeout", "300");
        CompletableFuture<Void> release = new CompletableFuture<>();
        origin.on("/slow", ex -> {
            release.completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
            TestOrigin.respond(ex, 200, "late");
        });
        long start = System.nanoTime();
        HttpResponse<byte[]> r = get(proxy, "/slow");
        release.complete(null);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains(origin.url()).contains("in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void anOriginThatBreaksOffMidBodyEndsTheClientResponseAbnormally() throws Exception {
        try (RawOrigin broken = new RawOrigin(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(Pattern.bytes(0, 100_000));
        })) {
            URI proxy = deploy(Deployment.proxyTo(broken.url()));
            assertThatThrownBy(() -> RawHttp.exchange(proxy, "GET /x HTTP/1.1", "Host: x"))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aBrokenChunkedBodyEndsTheClientResponseAbnormally() throws Exception {
        try (RawOrigin broken = new RawOrigin(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write("4\r\nabcd\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write("zz\r\nnot hex\r\n".getBytes(StandardCharsets.ISO_8859_1));
        })) {
            URI proxy = deploy(Deployment.proxyTo(broken.url()));
            assertNeverACleanSuccess(proxy);
        }
    }

    /**
     * What a keep-alive client gets when the origin breaks off early: an abnormal end, or (nothing sent yet) a 502.
     * (A close-delimited response, to an HTTP/1.0 or Connection: close client, cannot show truncation at all.)
     */
    private static void assertNeverACleanSuccess(URI proxy) {
        try {
            RawHttp.Response r = RawHttp.exchange(proxy, "GET /x HTTP/1.1", "Host: x", "Connection: keep-alive");
            assertThat(r.status()).isEqualTo(502);
        } catch (IOException abnormalEnd) {
            assertThat(abnormalEnd).isNotNull();
        }
    }

    @Test
    void aGarbageResponseGives502() throws Exception {
        try (RawOrigin broken = new RawOrigin(out -> out.write("SPLAT\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)))) {
            URI proxy = deploy(Deployment.proxyTo(broken.url()));
            HttpResponse<byte[]> r = get(proxy, "/x");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("invalid response");
        }
    }

    @Test
    void anAbsoluteFormRequestForAnotherHostIsRefused() throws Exception {
        URI proxy = proxyToOrigin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "ok"));
        RawHttp.Response r = RawHttp.exchange(proxy, "GET http://elsewhere.example/x HTTP/1.1",
                "Host: 127.0.0.1:" + proxy.getPort());
        assertThat(r.status()).isIn(400, 403);
        assertThat(origin.count()).isZero();
        RawHttp.Response ok = RawHttp.exchange(proxy, "GET http://127.0.0.1:" + origin.port() + "/x HTTP/1.1",
                "Host: 127.0.0.1:" + origin.port());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(origin.last().rawTarget()).isEqualTo("/x");
    }

    @Test
    void placeholdersInParametersResolveFromSystemProperties() throws Exception {
        origin = edge.origin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "via placeholder"));
        System.setProperty("EDGECACHE_IT_ORIGIN", origin.url());
        try {
            URI proxy = deploy(Deployment.proxyTo("${EDGECACHE_IT_ORIGIN:http://127.0.0.1:1}"));
            assertThat(new String(get(proxy, "/").body(), StandardCharsets.UTF_8)).isEqualTo("via placeholder");
        } finally {
            System.clearProperty("EDGECACHE_IT_ORIGIN");
        }
    }

    @Test
    void badConfigurationFailsTheDeployment() throws Exception {
        origin = edge.origin();
        assertThatThrownBy(() -> deploy(Deployment.proxyTo(origin.url(), "timeout", "soon")))
                .isInstanceOf(Exception.class);
        edge.undeploy();
        assertThatThrownBy(() -> deploy(Deployment.proxyTo("ftp://example.org/")))
                .isInstanceOf(Exception.class);
    }
}
