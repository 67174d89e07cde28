package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store under pressure: full under concurrent load, chunks evicted while they are being read, the container
 * stopped in the middle of traffic and started again on the same store directory. Every body that arrives whole is
 * checked byte for byte against the origin's; nothing torn or foreign is ever served.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StoreFaultsIT {
    @Parameter
    String containerName;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(24);
    private Edge edge;
    private TestOrigin origin;
    private final Map<String, AtomicInteger> originCounts = new ConcurrentHashMap<>();

    @BeforeEach
    void startOrigin() throws Exception {
        edge = new Edge(containerName, work);
        origin = edge.origin();
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        edge.close();
    }

    /** Where object i's bytes start in the pattern: far apart, so one object's bytes are never another's. */
    static long offset(int i) {
        return i * 1_000_003L;
    }

    /** /{prefix}/{i}: size bytes of the pattern from offset(i), cacheable for an hour. */
    private void objects(String prefix, int size) {
        origin.on("/" + prefix + "/", ex -> {
            String path = ex.getRequestURI().getPath();
            originCounts.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
            ex.getResponseHeaders().add("Cache-Control", "max-age=3600");
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, offset(i), size);
            } catch (IOException proxyWentAway) {
                // allowed
            }
        });
    }

    private URI deploy(Deployment d) throws Exception {
        return edge.deploy(EngineProbe.addTo(d));
    }

    /** GETs object i and checks every byte; returns the Cache-Status, or throws on an abnormal end or a wrong byte. */
    private String getChecked(URI proxy, String prefix, int i, int size) throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/" + prefix + "/" + i))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (InputStream in = r.body()) {
            long n = Pattern.verify(in, offset(i));
            assertThat(n).isEqualTo(size);
        }
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    @Test
    void aFullStoreUnderConcurrentLoadAnswersEveryRequestWithTheRightBytes() throws Exception {
        // one chunk per object, sixteen chunks in the store, three hundred objects: everything evicts everything
        int objects = 300;
        int size = 30_000;
        objects("full", size);
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("edgecache.store.directory", "none")
                .contextParam("edgecache.store.chunk-size", "64k")
                .contextParam("edgecache.store.chunk-heap-entries", "16"));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < 24; t++) {
            running.add(clients.submit(() -> {
                for (int k = 0; k < 30; k++) {
                    int i = ThreadLocalRandom.current().nextInt(objects);
                    try {
                        getChecked(proxy, "full", i, size);
                        answered.incrementAndGet();
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(errors).isEmpty();
        assertThat(answered.get()).isEqualTo(24 * 30);
        int fetched = originCounts.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(fetched).as("objects were evicted and fetched again").isGreaterThan(originCounts.size());
        OriginFaultsIT.assertIdle(proxy);
    }

    @Test
    void chunksEvictedWhileConcurrentReadersStreamThemEndAbnormallyNeverWithWrongBytes() throws Exception {
        // four chunks per object, eight chunks in the store, ten objects read at once
        int objects = 10;
        int size = 4 * 64 * 1024 - 5000;
        objects("evict", size);
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("edgecache.store.directory", "none")
                .contextParam("edgecache.store.chunk-size", "64k")
                .contextParam("edgecache.store.chunk-heap-entries", "8"));
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger abnormal = new AtomicInteger();
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(clients.submit(() -> {
                for (int k = 0; k < 25; k++) {
                    int i = ThreadLocalRandom.current().nextInt(objects);
                    try {
                        getChecked(proxy, "evict", i, size);
                        complete.incrementAndGet();
                    } catch (IOException e) {
                        if (String.valueOf(e.getMessage()).contains("wrong byte")) {
                            wrong.add(e);
                        } else {
                            abnormal.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        wrong.add(e);
                    }
                }
            }));
        }
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(wrong).isEmpty();
        assertThat(complete.get()).isPositive();
        // an object whose chunk went missing is fetched again by a later request, whole
        for (int i = 0; i < objects; i++) {
            int obj = i;
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptionsMatching(e -> e instanceof IOException
                    && !String.valueOf(e.getMessage()).contains("wrong byte"))
                    .until(() -> getChecked(proxy, "evict", obj, size) != null);
        }
        OriginFaultsIT.assertIdle(proxy);
    }

    @Test
    void aContainerStoppedDuringTrafficComesBackWithEveryCommittedObjectByteForByte() throws Exception {
        int objects = 40;
        int size = 100_000;
        objects("r", size);
        URI proxy = deploy(Deployment.cached(origin.url()));
        Set<Integer> completed = ConcurrentHashMap.newKeySet();
        List<Throwable> wrong = new CopyOnWriteArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int t = 0; t < 12; t++) {
            running.add(clients.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    int i = ThreadLocalRandom.current().nextInt(objects);
                    boolean before = !stopping.get();
                    try {
                        getChecked(proxy, "r", i, size);
                        if (before) {
                            completed.add(i);
                        }
                    } catch (Throwable e) {
                        if (!stopping.get() || String.valueOf(e.getMessage()).contains("wrong byte")) {
                            wrong.add(e);
                        }
                        if (stopping.get()) {
                            return;
                        }
                    }
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> completed.size() >= objects / 2);
        stopping.set(true);
        edge.undeploy();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(wrong).isEmpty();
        Map<String, Integer> before = new java.util.HashMap<>();
        originCounts.forEach((k, v) -> before.put(k, v.get()));

        URI restarted = deploy(Deployment.cached(origin.url()));
        for (int i = 0; i < objects; i++) {
            String status = getChecked(restarted, "r", i, size);
            if (completed.contains(i)) {
                assertThat(status).as("object %d was committed before the stop", i).startsWith("edgecache; hit");
                assertThat(originCounts.get("/r/" + i).get()).isEqualTo(before.get("/r/" + i));
            }
        }
        OriginFaultsIT.assertIdle(restarted);
    }
}
