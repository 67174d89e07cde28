package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Open proxy: through each container, with the cache in front of the proxy servlet, no request-target, method, Host,
 * userinfo or encoded path makes edgecache talk to any origin but the configured one. A second origin on loopback
 * ("evil", another port of the same address, so that a confused host or port check would reach it) must see zero
 * requests; each attack is either refused with a 4xx or answered by the configured origin, which sees exactly the
 * path it should.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenProxyIT extends EdgeFixture {
    private TestOrigin origin;
    private TestOrigin evil;
    private URI proxy;
    private String evilAuthority;

    @BeforeEach
    void start() throws Exception {
        origin = edge.origin();
        origin.on("/", ex -> TestOrigin.respond(ex, 200, "configured " + ex.getRequestURI().getRawPath(),
                "Cache-Control", "no-store"));
        evil = edge.origin();
        evil.on("/", ex -> TestOrigin.respond(ex, 200, "EVIL", "Cache-Control", "max-age=600"));
        evilAuthority = "127.0.0.1:" + evil.port();
        proxy = edge.deploy(Deployment.cached(origin.url()));
    }

    /** Sends the request and checks the one rule every attack is held to: the evil origin saw nothing. */
    private RawHttp.Response attack(String... headLines) throws IOException {
        RawHttp.Response r;
        try {
            r = RawHttp.exchange(proxy, headLines);
        } catch (IOException closedWithoutAnswer) {
            r = null;
        }
        assertThat(evil.count()).as("requests that reached the other origin").isZero();
        if (r != null) {
            assertThat(r.text()).doesNotContain("EVIL");
        }
        return r;
    }

    private static void assertRefused(RawHttp.Response r) {
        if (r != null) {
            assertThat(r.status()).as("status of a refused request").isBetween(400, 499);
        }
    }

    /** Either refused (4xx, or the connection closed without an answer) or answered by the configured origin. */
    private void assertRefusedOrConfigured(RawHttp.Response r, int originBefore) {
        if (r == null || (r.status() >= 400 && r.status() < 500)) {
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).startsWith("configured ");
        assertThat(origin.count()).isEqualTo(originBefore + 1);
    }

    @Test
    void anAbsoluteFormTargetForAnotherHostIs403() throws Exception {
        for (String target : new String[] {"http://evil.example:" + evil.port() + "/x", "http://localhost:"
                + evil.port() + "/x", "https://evil.example/x", "http://[::1]:" + evil.port() + "/x"}) {
            RawHttp.Response r = attack("GET " + target + " HTTP/1.1", "Host: 127.0.0.1:" + proxy.getPort());
            assertRefused(r);
            assertThat(r).isNotNull();
        }
        assertThat(origin.count()).isZero();
    }

    @Test
    void anAbsoluteFormTargetForAnotherPortOfTheOriginsHostGoesToTheConfiguredOriginOnly() throws Exception {
        RawHttp.Response r = attack("GET http://" + evilAuthority + "/x HTTP/1.1", "Host: " + evilAuthority);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("configured /x");
        assertThat(origin.last().rawTarget()).isEqualTo("/x");
        RawHttp.Response noPath = attack("GET http://" + evilAuthority + " HTTP/1.1", "Host: " + evilAuthority);
        assertRefusedOrConfigured(noPath, 1);
    }

    @Test
    void connectIsRefusedAndOpensNoTunnel() throws Exception {
        for (String target : new String[] {evilAuthority, "evil.example:443", "127.0.0.1:" + origin.port()}) {
            RawHttp.Response r = attack("CONNECT " + target + " HTTP/1.1", "Host: " + target);
            // 405 from edgecache, or the container's own 501 (Tomcat does not pass CONNECT to applications)
            assertThat(r).isNotNull();
            assertThat(r.status()).as("CONNECT %s", target).isIn(405, 501);
        }
        assertThat(origin.count()).isZero();
    }

    @Test
    void theHostHeaderNeverChoosesTheOrigin() throws Exception {
        int n = 0;
        for (String host : new String[] {evilAuthority, "evil.example", "evil.example:" + evil.port(), "[::1]:"
                + evil.port()}) {
            int before = origin.count();
            RawHttp.Response r = attack("GET /h" + n + " HTTP/1.1", "Host: " + host);
            assertRefusedOrConfigured(r, before);
            n++;
        }
        RawHttp.Response twoHosts = attack("GET /two HTTP/1.1", "Host: 127.0.0.1:" + proxy.getPort(),
                "Host: " + evilAuthority);
        assertRefused(twoHosts);
    }

    @Test
    void userinfoInTheAuthorityNeverNamesTheOrigin() throws Exception {
        String configured = "127.0.0.1:" + origin.port();
        RawHttp.Response r = attack("GET http://" + configured + "@" + evilAuthority + "/u HTTP/1.1",
                "Host: " + evilAuthority);
        assertRefusedOrConfigured(r, 0);
        int count = origin.count();
        RawHttp.Response other = attack("GET http://" + evilAuthority + "@evil.example/u HTTP/1.1",
                "Host: 127.0.0.1:" + proxy.getPort());
        assertRefused(other);
        assertThat(origin.count()).isEqualTo(count);
        int before = origin.count();
        RawHttp.Response hostUserinfo = attack("GET /u HTTP/1.1", "Host: " + configured + "@" + evilAuthority);
        assertRefusedOrConfigured(hostUserinfo, before);
    }

    @Test
    void pathsThatLookLikeAuthoritiesStayPathsOfTheConfiguredOrigin() throws Exception {
        for (String path : new String[] {"//" + evilAuthority + "/p", "///" + evilAuthority + "/p", "/http://"
                + evilAuthority + "/p", "/%2F%2F" + evilAuthority + "/p", "/@" + evilAuthority + "/p"}) {
            int before = origin.count();
            RawHttp.Response r = attack("GET " + path + " HTTP/1.1", "Host: 127.0.0.1:" + proxy.getPort());
            assertRefusedOrConfigured(r, before);
            if (r != null && r.status() == 200) {
                assertThat(origin.last().rawTarget()).isEqualTo(path);
            }
        }
    }

    @Test
    void dotSegmentsBackslashesAndEncodedControlsAreRefusedOrSentAsTheyAre() throws Exception {
        for (String path : new String[] {"/%2e%2e/x", "/a/%2e%2e/%2e%2e/x", "/../x", "/a/..%2f..%2fx", "/%5c%5cevil",
                "\\\\" + evilAuthority + "\\p", "/%00", "/x%0d%0aHost:%20" + evilAuthority.replace(":", "%3a")}) {
            int before = origin.count();
            RawHttp.Response r = attack("GET " + path + " HTTP/1.1", "Host: 127.0.0.1:" + proxy.getPort());
            assertRefusedOrConfigured(r, before);
            if (r != null && r.status() == 200) {
                TestOrigin.Seen seen = origin.last();
                assertThat(seen.rawTarget()).isEqualTo(path);
                assertThat(seen.headers("host")).hasSize(1);
                assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + origin.port());
            }
        }
    }

    @Test
    void theConfiguredOriginStillAnswersOrdinaryRequests() throws Exception {
        RawHttp.Response r = attack("GET /plain HTTP/1.1", "Host: 127.0.0.1:" + proxy.getPort());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("configured /plain");
        assertThat(origin.count()).isEqualTo(1);
    }
}
