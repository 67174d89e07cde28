package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The access log's default destination is the container's logging (SLF4J to java.util.logging), whose handlers
 * publish under one lock each. A backend that holds its lock — the test JVM's console behind a slow pipe, in the
 * soak — must hold no request up: not the one being logged, and not the next one on its keep-alive connection
 * (the soak's requests without an answer after 30 s on Jetty, docs/reliability.md).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowLoggingBackendIT {
    private static final String BODY = "the origin's body";

    @Parameter
    String containerName;

    @TempDir
    Path work;

    private Container container;
    private TestOrigin origin;

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void aLoggingBackendHoldingItsLockHoldsNoRequestOnTheConnectionUp() throws Exception {
        origin = new TestOrigin();
        origin.on("/a", ex -> TestOrigin.respond(ex, 200, BODY, "Cache-Control", "max-age=600"));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        Handler stuck = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                published.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger access = Logger.getLogger("edgecache.access");
        Level level = access.getLevel();
        access.setLevel(Level.INFO);
        access.addHandler(stuck);
        try {
            container = Container.create(containerName);
            URI proxy = container.start(Deployment.cached(origin.url()), work); // the access log through SLF4J
            byte[] request = "GET /a HTTP/1.1\r\nHost: edge\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
                s.setSoTimeout(10_000); // a read past this fails the test: the answer was held up
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream());
                for (int i = 0; i < 3; i++) { // a miss, then hits, one after another on the one connection
                    out.write(request);
                    out.flush();
                    RawHttp.Response r = RawHttp.read(in, false);
                    assertThat(r.status()).as("request %d", i).isEqualTo(200);
                    assertThat(r.text()).isEqualTo(BODY);
                    if (i == 0) {
                        // the first line has reached the backend, which holds its lock from now on
                        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
                    }
                }
            }
            assertThat(published).as("nothing got through the held backend").isEmpty();
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> published.size() >= 3);
            assertThat(published).allSatisfy(line -> assertThat(line).contains("/a"));
            assertThat(origin.count()).isEqualTo(1);
        } finally {
            release.countDown();
            access.removeHandler(stuck);
            access.setLevel(level);
        }
    }
}
