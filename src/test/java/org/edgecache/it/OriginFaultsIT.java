package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way an origin can break a response, for a cacheable and an uncacheable answer: the first client gets an
 * abnormal end or a 502/504, in bounded time; nothing of the broken response is stored or served to the next
 * client, which goes to the origin again and gets the right bytes; the broken connection is never used again (the
 * next origin request comes on a new connection); and nothing is left lent out, in flight or busy.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginFaultsIT extends EdgeFixture {
    private static final int SIZE = 200_000;
    private static final int ORIGIN_TIMEOUT_MS = 1000;

    /** What the origin does wrong to the first request. */
    enum Fault {
        RESET_MID_BODY, SHORT_BODY, BROKEN_CHUNKED, STALL_AFTER_HEADERS, GARBAGE_STATUS_LINE, HEADERS_TOO_LARGE
    }

    private ScriptedOrigin origin;
    private final CountDownLatch stallReleased = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        stallReleased.countDown();
    }

    static Stream<Arguments> faults() {
        return Stream.of(Fault.values()).flatMap(f -> Stream.of(Arguments.of(f, true), Arguments.of(f, false)));
    }

    @ParameterizedTest(name = "{0}, cacheable={1}")
    @MethodSource("faults")
    void aBrokenOriginResponseIsNeverStoredNorServedAndItsConnectionIsNotReused(Fault fault, boolean cacheable)
            throws Exception {
        String cacheControl = cacheable ? "max-age=600" : "no-store";
        byte[] body = Pattern.bytes(0, SIZE);
        AtomicBoolean faulted = new AtomicBoolean();
        origin = edge.own(new ScriptedOrigin((request, out) -> {
            if (faulted.compareAndSet(false, true)) {
                return misbehave(fault, cacheControl, out);
            }
            ScriptedOrigin.respond(out, 200, body, "Cache-Control", cacheControl);
            return ScriptedOrigin.Then.KEEP_OPEN;
        }));
        URI proxy = edge.deploy(deployment());

        // the first client: an abnormal end or a 502/504, never a clean 200, and soon
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertNeverACleanSuccess(proxy, fault));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));

        // a later client: to the origin again, on a new connection, and the right bytes
        RawHttp.Response second = RawHttp.exchange(proxy, "GET /f HTTP/1.1", "Host: x", "Connection: keep-alive");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(body);
        assertThat(origin.requests("/f")).hasSize(2);
        assertThat(origin.requests("/f").get(1).connection()).as("the broken connection is not reused")
                .isNotEqualTo(origin.requests("/f").get(0).connection());

        // and after it: the good answer is what is stored (or the origin is asked again)
        RawHttp.Response third = RawHttp.exchange(proxy, "GET /f HTTP/1.1", "Host: x", "Connection: keep-alive");
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.body()).isEqualTo(body);
        assertThat(origin.requests("/f")).hasSize(cacheable ? 2 : 3);

        assertIdle(proxy);
    }

    @org.junit.jupiter.api.Test
    void aRevalidationWhoseBodyStallsServesTheStaleCopyWhereAllowed() throws Exception {
        byte[] body = Pattern.bytes(0, SIZE);
        AtomicBoolean stored = new AtomicBoolean();
        origin = edge.own(new ScriptedOrigin((request, out) -> {
            if (stored.compareAndSet(false, true)) {
                ScriptedOrigin.respond(out, 200, body, "Cache-Control", "max-age=0");
                return ScriptedOrigin.Then.KEEP_OPEN;
            }
            return misbehave(Fault.STALL_AFTER_HEADERS, "max-age=0", out);
        }));
        URI proxy = edge.deploy(deployment());
        assertThat(RawHttp.exchange(proxy, "GET /s HTTP/1.1", "Host: x").body()).isEqualTo(body);
        long start = System.nanoTime();
        RawHttp.Response stale = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> RawHttp.exchange(proxy, "GET /s HTTP/1.1", "Host: x", "Connection: keep-alive"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(body);
        assertThat(stale.header("Warning")).startsWith("111 ");
        assertThat(origin.requests("/s")).hasSize(2);
        assertIdle(proxy);
    }

    private Deployment deployment() {
        Deployment d = Deployment.cached(origin.url(), "timeout", Integer.toString(ORIGIN_TIMEOUT_MS));
        return EngineProbe.addTo(d);
    }

    /** Waits until nothing is lent out, in flight or busy in the proxy. */
    static void assertIdle(URI proxy) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(EngineProbe.read(proxy)).containsAllEntriesOf(EngineProbe.idle()));
    }

    private ScriptedOrigin.Then misbehave(Fault fault, String cacheControl, OutputStream out) throws IOException {
        String cc = "Cache-Control: " + cacheControl + "\r\n";
        switch (fault) {
            case RESET_MID_BODY -> {
                ascii(out, "HTTP/1.1 200 OK\r\n" + cc + "Content-Length: " + SIZE + "\r\n\r\n");
                out.write(Pattern.bytes(0, SIZE / 2));
                return ScriptedOrigin.Then.RESET;
            }
            case SHORT_BODY -> {
                ascii(out, "HTTP/1.1 200 OK\r\n" + cc + "Content-Length: " + SIZE + "\r\n\r\n");
                out.write(Pattern.bytes(0, SIZE / 2));
                return ScriptedOrigin.Then.CLOSE;
            }
            case BROKEN_CHUNKED -> {
                ascii(out, "HTTP/1.1 200 OK\r\n" + cc + "Transfer-Encoding: chunked\r\n\r\n");
                ascii(out, Integer.toHexString(SIZE / 2) + "\r\n");
                out.write(Pattern.bytes(0, SIZE / 2));
                ascii(out, "\r\nzz-not-hex\r\nmore\r\n");
                return ScriptedOrigin.Then.KEEP_OPEN;
            }
            case STALL_AFTER_HEADERS -> {
                ascii(out, "HTTP/1.1 200 OK\r\n" + cc + "Content-Length: " + SIZE + "\r\n\r\n");
                out.flush();
                try {
                    stallReleased.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return ScriptedOrigin.Then.CLOSE;
            }
            case GARBAGE_STATUS_LINE -> {
                ascii(out, "HTTP/1.1 two-hundred OK\r\n" + cc + "Content-Length: 5\r\n\r\nhello");
                return ScriptedOrigin.Then.KEEP_OPEN;
            }
            case HEADERS_TOO_LARGE -> {
                ascii(out, "HTTP/1.1 200 OK\r\n" + cc + "X-Big: " + "a".repeat(256 * 1024) + "\r\n"
                        + "Content-Length: 5\r\n\r\nhello");
                return ScriptedOrigin.Then.KEEP_OPEN;
            }
            default -> throw new IllegalStateException();
        }
    }

    private static void ascii(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A keep-alive client sees a 502/504 or an abnormal end (fewer bytes than announced, no last chunk). */
    private static void assertNeverACleanSuccess(URI proxy, Fault fault) {
        try {
            RawHttp.Response r = RawHttp.exchange(proxy, "GET /f HTTP/1.1", "Host: x", "Connection: keep-alive");
            assertThat(r.status()).as(fault + " gave " + r.status() + ": " + r.text() + " "
                    + r.headers().stream().map(h -> h[0] + "=" + h[1]).toList()).isIn(502, 504);
        } catch (IOException abnormalEnd) {
            assertThat(abnormalEnd).isNotNull();
        }
    }
}
