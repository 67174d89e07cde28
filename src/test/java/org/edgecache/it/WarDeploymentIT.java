package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAR as built, with its own WEB-INF/lib and its default web.xml, dropped into Jetty 12 and Tomcat 10.1:
 * the listener, the cache filter, the proxy servlet, the stats and metrics servlets and the access log's file
 * (EDGECACHE_ACCESS_LOG) all come from the WAR.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WarDeploymentIT {
    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private TestOrigin origin;
    private Path war;

    @BeforeEach
    void origin() throws Exception {
        war = Path.of(System.getProperty("edgecache.war", "target/edgecache-0.1.0-SNAPSHOT.war"));
        assertThat(war).exists();
        origin = new TestOrigin();
        origin.on("/hello", ex -> TestOrigin.respond(ex, 200, "hello from the origin", "Cache-Control", "max-age=60"));
        System.setProperty("EDGECACHE_ORIGIN", origin.url());
        System.setProperty("EDGECACHE_STORE", work.resolve("store").toString());
        System.setProperty("EDGECACHE_ACCESS_LOG", work.resolve("access.log").toString());
    }

    @AfterEach
    void stop() {
        System.clearProperty("EDGECACHE_ORIGIN");
        System.clearProperty("EDGECACHE_STORE");
        System.clearProperty("EDGECACHE_ACCESS_LOG");
        origin.close();
    }

    private void assertCachingProxy(URI base) throws Exception {
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from the origin");
        }
        assertThat(origin.count()).isEqualTo(1);
        HttpResponse<String> stats = http.send(HttpRequest.newBuilder(base.resolve("/edgecache/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.body()).contains("proxy.process.http.cache_hit_fresh 1");
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/edgecache/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("proxy_process_http_cache_hit_fresh_total 1.0");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Files.exists(work.resolve("access.log"))
                        && Files.readAllLines(work.resolve("access.log")).size() == 2);
        assertThat(Files.readAllLines(work.resolve("access.log")))
                .anySatisfy(l -> assertThat(l).contains(" TCP_MISS/200 21 GET "))
                .anySatisfy(l -> assertThat(l).contains(" TCP_HIT/200 21 GET "));
        // the cache inspector's page, script and API come from the WAR too
        for (String asset : List.of("/edgecache/inspector/", "/edgecache/inspector/inspector.js",
                "/edgecache/inspector/inspector.css")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve(asset)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body()).as(asset).isNotEmpty();
        }
        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(
                base.resolve("/edgecache/inspector/api/object?url=/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(lookup.body()).contains("\"found\":true");
        assertThat(Files.list(work.resolve("store"))).isNotEmpty();
    }

    @Test
    void theWarRunsInJetty() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(war.toString(), "/");
        webapp.setTempDirectory(Files.createDirectories(work.resolve("jetty-tmp")).toFile());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        try {
            assertThat(webapp.isAvailable()).isTrue();
            assertCachingProxy(URI.create("http://127.0.0.1:" + connector.getLocalPort()));
        } finally {
            server.stop();
        }
    }

    @Test
    void theWarRunsInTomcat() throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(work.resolve("tomcat").toString());
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getHost().setAppBase(Files.createDirectories(work.resolve("webapps")).toString());
        Context ctx = tomcat.addWebapp("", war.toAbsolutePath().toString());
        tomcat.start();
        try {
            assertThat(ctx.getState()).isEqualTo(LifecycleState.STARTED);
            assertCachingProxy(URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()));
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
