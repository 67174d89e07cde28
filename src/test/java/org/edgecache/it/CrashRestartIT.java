package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR in Jetty in a child JVM, killed with SIGKILL (destroyForcibly) while clients make it write, and
 * started again on the same store directory: the store comes back empty or valid (Ehcache wipes a disk tier
 * that was not closed cleanly, docs/architecture.md), and every answer after the restart is the origin's bytes —
 * never a torn object.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashRestartIT {
    private static final int OBJECTS = 16;
    private static final int SIZE = 1_200_000; // two chunks of the default 1 MiB

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(8);
    private TestOrigin origin;
    private Process child;

    @AfterEach
    void stop() {
        clients.shutdownNow();
        if (child != null) {
            child.destroyForcibly();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private URI startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String war = Path.of(System.getProperty("edgecache.war", "target/edgecache-0.1.0-SNAPSHOT.war"))
                .toAbsolutePath().toString();
        child = new ProcessBuilder(java, "-Xmx192m", "-DEDGECACHE_ORIGIN=" + origin.url(),
                "-DEDGECACHE_STORE=" + work.resolve("store"), "-cp", classpath, WarServerMain.class.getName(), war,
                work.toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("PORT ")) {
                        port.complete(Integer.parseInt(line.substring(5).trim()));
                    }
                }
                port.completeExceptionally(new IllegalStateException("the child ended without a port"));
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
        }, "war-server-output");
        reader.setDaemon(true);
        reader.start();
        return URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS));
    }

    private static long offset(int i) {
        return i * 1_000_003L;
    }

    /** GETs object i: 200 and every byte the origin's, else it throws (an abnormal end is an IOException). */
    private String getChecked(URI proxy, int i) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/k/" + i))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (InputStream in = r.body()) {
            assertThat(Pattern.verify(in, offset(i))).isEqualTo(SIZE);
        }
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    @Test
    void sigkillDuringWritesNeverLeavesATornObjectBehind() throws Exception {
        origin = new TestOrigin();
        origin.on("/k/", ex -> {
            String path = ex.getRequestURI().getPath();
            int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            ex.getResponseHeaders().add("Cache-Control", "max-age=3600");
            ex.sendResponseHeaders(200, SIZE);
            try (OutputStream o = ex.getResponseBody()) {
                Pattern.write(o, offset(i), SIZE);
            } catch (IOException proxyDied) {
                // allowed
            }
        });
        URI proxy = startChild();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger complete = new AtomicInteger();
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(clients.submit(() -> {
                while (!killed.get()) {
                    try {
                        getChecked(proxy, ThreadLocalRandom.current().nextInt(OBJECTS));
                        complete.incrementAndGet();
                    } catch (Throwable e) {
                        if (!killed.get() || String.valueOf(e.getMessage()).contains("wrong byte")) {
                            wrong.add(e);
                        }
                    }
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> complete.get() >= 8 || !wrong.isEmpty());
        killed.set(true);
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(wrong).isEmpty();

        URI restarted = startChild();
        int hits = 0;
        for (int i = 0; i < OBJECTS; i++) {
            hits += getChecked(restarted, i).startsWith("edgecache; hit") ? 1 : 0;
        }
        // the store came back empty (Ehcache's rule after a crash) or valid: every answer above was byte-exact
        System.out.println("CrashRestartIT: " + complete.get() + " complete answers before the kill, " + hits
                + " of " + OBJECTS + " objects were hits after the restart");
        for (int i = 0; i < OBJECTS; i++) {
            assertThat(getChecked(restarted, i)).startsWith("edgecache; hit");
        }
    }
}
