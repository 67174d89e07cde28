package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A soak: {@code soak.seconds} (default 15) of mixed hits, misses, uncacheable requests, ranges, PURGEs and PUSHes
 * from {@code soak.connections} (default 200) keep-alive client connections, against an origin that fails about 1%
 * of its requests (half a 500, half a connection reset in the middle of the body). Every body is checked byte for
 * byte against the origin's; every error is classified by its cause, and only those the origin caused are allowed,
 * at most as many as it injected. Heap used (after GC) and live threads are taken when the warm-up ends and at the
 * end, each time with no request in flight (the clients pause between two requests, the proxy is idle): heap within 48 MiB (24 MiB in a run of 300 s or more), threads within 25 or, while a
 * short run on a loaded machine still grows the container's pool, within a thread per connection plus 60 more than
 * before the container started. The figures go to {@code target/soak-<container>.txt}, with class histograms at
 * both points and the classes that grew most. A request without an answer after {@code soak.late.seconds} (10) has
 * all thread stacks of the JVM (the containers run in it) written to {@code target/soak-late-<container>-N.txt}
 * (the first five times). {@code soak.containers} (default {@code jetty,tomcat}) selects the containers.
 *
 * <p>The full run: {@code mvn -B -o verify -Dtest=X -Dit.test=SoakIT -Dsoak.seconds=600
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 30, unit = TimeUnit.MINUTES) // soak.seconds plus the start and the drain; the full run is 600 s
class SoakIT {
    private static final int HOT = 200;
    private static final double FAILURE_RATE = 0.01;
    /** Heap growth allowed after the warm-up in a short run (the container's pools may still be filling). */
    private static final long HEAP_TOLERANCE = 48L << 20;
    /** ... and in a run of {@link #LONG_RUN_SECONDS} or more, where they have filled during the warm-up. */
    private static final long LONG_RUN_HEAP_TOLERANCE = 24L << 20;
    private static final long LONG_RUN_SECONDS = 300;
    private static final int THREAD_TOLERANCE = 25;
    /** The container's and edgecache's threads that serve no connection (acceptors, selectors, schedulers…). */
    private static final int THREAD_OVERHEAD = 60;

    @Parameter
    String containerName;

    @TempDir
    Path work;

    private Container container;
    private ScriptedOrigin origin;
    private final LongAdder injected500 = new LongAdder();
    private final LongAdder injectedResets = new LongAdder();
    private final LongAdder originRequests = new LongAdder();

    @AfterEach
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    static int size(int i) {
        return 100 + (int) ((i * 7919L) % 300_000);
    }

    static long offset(int i) {
        return i * 1_000_003L;
    }

    /** The origin: /obj/{i} cacheable, /nocache/{i} not; Range answered 206; about 1% of requests fail. */
    private ScriptedOrigin.Then answer(ScriptedOrigin.Request r, OutputStream out) throws IOException {
        originRequests.increment();
        String path = r.target();
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        int i = Integer.parseInt(p.substring(p.lastIndexOf('/') + 1));
        String cc = p.startsWith("/obj/") ? "max-age=3600" : "no-store";
        byte[] body = Pattern.bytes(offset(i), size(i));
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < FAILURE_RATE / 2) {
            injected500.increment();
            ScriptedOrigin.respond(out, 500, "origin failure".getBytes(StandardCharsets.US_ASCII),
                    "Cache-Control", "no-store");
            return ScriptedOrigin.Then.KEEP_OPEN;
        }
        if (roll < FAILURE_RATE) {
            injectedResets.increment();
            out.write(("HTTP/1.1 200 OK\r\nCache-Control: " + cc + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, body.length / 2);
            return ScriptedOrigin.Then.RESET;
        }
        String range = r.header("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] ab = range.substring(6).split("-");
            int a = Integer.parseInt(ab[0]);
            int b = Math.min(Integer.parseInt(ab[1]), body.length - 1);
            ScriptedOrigin.respond(out, 206, Arrays.copyOfRange(body, a, b + 1), "Cache-Control", cc,
                    "Content-Range", "bytes " + a + "-" + b + "/" + body.length);
            return ScriptedOrigin.Then.KEEP_OPEN;
        }
        ScriptedOrigin.respond(out, 200, body, "Cache-Control", cc);
        return ScriptedOrigin.Then.KEEP_OPEN;
    }

    /** How one exchange ended. */
    enum Outcome {
        OK, ORIGIN_500, ORIGIN_BROKE_OFF_502, ABNORMAL_END, UNEXPLAINED
    }

    /** One client connection, kept alive, reopened after an abnormal end or a Connection: close. */
    private static final class Client implements AutoCloseable {
        private final URI proxy;
        private Socket socket;
        private InputStream in;
        /** When the exchange under way started (System.nanoTime), 0 when none; read by the late-request watchdog. */
        volatile long startedAt;
        /** The exchange under way: its operation and request line, and the local port of its connection. */
        volatile String what = "";
        volatile boolean reported;

        Client(URI proxy) {
            this.proxy = proxy;
        }

        RawHttp.Response exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket(proxy.getHost(), proxy.getPort());
                socket.setSoTimeout(30_000);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream());
            }
            int eol = indexOfCrLf(request);
            what = new String(request, 0, eol, StandardCharsets.ISO_8859_1) + " (client port " + socket.getLocalPort()
                    + ")";
            reported = false;
            startedAt = System.nanoTime();
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                RawHttp.Response r = RawHttp.read(in, false);
                String connection = r.header("Connection");
                if (connection != null && connection.equalsIgnoreCase("close")) {
                    close();
                }
                return r;
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            } finally {
                startedAt = 0;
            }
        }

        private static int indexOfCrLf(byte[] b) {
            for (int k = 0; k + 1 < b.length; k++) {
                if (b[k] == '\r' && b[k + 1] == '\n') {
                    return k;
                }
            }
            return b.length;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
                socket = null;
            }
        }
    }

    private final List<Client> clientsInUse = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger lateDumps = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> late = java.util.Collections.synchronizedList(new ArrayList<>());
    /** A request without an answer after this long has all thread stacks of the JVM dumped into target/. */
    private static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("soak.late.seconds", 10));
    private static final int MAX_LATE_DUMPS = 5;

    /** The watchdog's look: each exchange late by {@link #LATE_NANOS} is listed once; the first few dump all stacks. */
    private void lookForLateRequests() {
        long now = System.nanoTime();
        List<String> found = new ArrayList<>();
        for (Client c : clientsInUse) {
            long t = c.startedAt;
            if (t != 0 && now - t > LATE_NANOS && !c.reported) {
                c.reported = true;
                found.add(TimeUnit.NANOSECONDS.toMillis(now - t) + " ms: " + c.what);
            }
        }
        if (found.isEmpty()) {
            return;
        }
        late.addAll(found);
        int n = lateDumps.incrementAndGet();
        if (n > MAX_LATE_DUMPS) {
            return;
        }
        StringBuilder dump = new StringBuilder("late requests (no answer after " + TimeUnit.NANOSECONDS.toSeconds(
                LATE_NANOS) + " s) at " + java.time.Instant.now() + ":\n");
        found.forEach(f -> dump.append("  ").append(f).append('\n'));
        dump.append('\n');
        for (java.lang.management.ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            dump.append('"').append(ti.getThreadName()).append("\" ").append(ti.getThreadState());
            if (ti.getLockName() != null) {
                dump.append(" on ").append(ti.getLockName());
            }
            if (ti.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(ti.getLockOwnerName()).append('"');
            }
            dump.append('\n');
            for (StackTraceElement e : ti.getStackTrace()) { // all frames, not ThreadInfo.toString's first 8
                dump.append("\tat ").append(e).append('\n');
            }
            for (java.lang.management.LockInfo l : ti.getLockedSynchronizers()) {
                dump.append("\tholds ").append(l).append('\n');
            }
            dump.append('\n');
        }
        try {
            Files.writeString(Path.of("target", "soak-late-" + containerName + "-" + n + ".txt"), dump);
        } catch (IOException e) {
            late.add("could not write the dump: " + e);
        }
    }

    /** The live classes' histogram (jcmd GC.class_histogram, which runs a full GC first), written to target/. */
    private static String classHistogram(String file) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Files.writeString(Path.of("target", file), text.toString());
            return text.toString();
        } catch (Exception e) {
            return "no histogram: " + e;
        }
    }

    /** The classes whose live bytes grew most between two histograms, largest first. */
    static String histogramGrowth(String before, String after, int top) {
        Map<String, long[]> a = histogram(before);
        Map<String, long[]> b = histogram(after);
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        b.forEach((cls, v) -> {
            long[] w = a.getOrDefault(cls, new long[2]);
            grown.add(Map.entry(cls, new long[] {v[0] - w[0], v[1] - w[1]}));
        });
        grown.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < Math.min(top, grown.size()); k++) {
            Map.Entry<String, long[]> e = grown.get(k);
            sb.append(String.format(java.util.Locale.ROOT, "  %+10.1f KiB %+9d instances  %s%n",
                    e.getValue()[1] / 1024.0, e.getValue()[0], e.getKey()));
        }
        return sb.toString();
    }

    private static Map<String, long[]> histogram(String text) {
        Map<String, long[]> m = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                m.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return m;
    }

    private final Map<String, LongAdder> byOp = new ConcurrentHashMap<>();
    private final Map<Outcome, LongAdder> byOutcome = new ConcurrentHashMap<>();
    private final List<String> unexplained = java.util.Collections.synchronizedList(new ArrayList<>());

    private void count(String op, Outcome o, String detail) {
        byOp.computeIfAbsent(op, k -> new LongAdder()).increment();
        byOutcome.computeIfAbsent(o, k -> new LongAdder()).increment();
        if (o == Outcome.UNEXPLAINED && unexplained.size() < 20) {
            unexplained.add(op + ": " + detail);
        }
    }

    private static byte[] request(String head) {
        return (head + "\r\nHost: soak\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One random operation, checked. */
    private void operate(Client c, AtomicLong unique) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int i = rnd.nextInt(HOT);
        int roll = rnd.nextInt(100);
        String op;
        byte[] req;
        int from = 0;
        int to = -1;
        try {
            if (roll < 55) {
                op = "hit";
                req = request("GET /obj/" + i + " HTTP/1.1");
            } else if (roll < 65) {
                op = "miss";
                i = HOT + rnd.nextInt(5000);
                req = request("GET /obj/" + i + "?u=" + unique.incrementAndGet() + " HTTP/1.1");
            } else if (roll < 70) {
                op = "uncacheable";
                req = request("GET /nocache/" + i + " HTTP/1.1");
            } else if (roll < 85) {
                op = "range";
                from = rnd.nextInt(size(i));
                to = from + rnd.nextInt(size(i) - from);
                req = request("GET /obj/" + i + " HTTP/1.1\r\nRange: bytes=" + from + "-" + to);
            } else if (roll < 92) {
                op = "purge";
                req = request("PURGE /obj/" + i + " HTTP/1.1");
            } else {
                op = "push";
                byte[] body = Pattern.bytes(offset(i), size(i));
                byte[] pushed = ("HTTP/1.1 200 OK\r\nCache-Control: max-age=3600\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.write(("PUSH /obj/" + i + " HTTP/1.1\r\nHost: soak\r\nContent-Length: " + (pushed.length + body.length)
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                b.write(pushed);
                b.write(body);
                req = b.toByteArray();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        RawHttp.Response r;
        try {
            r = c.exchange(req);
        } catch (java.net.SocketTimeoutException e) {
            count(op, Outcome.UNEXPLAINED, "no answer in 30 s");
            return;
        } catch (IOException e) {
            count(op, Outcome.ABNORMAL_END, e.toString());
            return;
        }
        count(op, check(op, i, from, to, r), r.status() + " " + r.headers().stream().map(h -> h[0] + "=" + h[1])
                .toList() + " " + (r.body().length < 300 ? r.text() : r.body().length + " bytes"));
    }

    private static Outcome check(String op, int i, int from, int to, RawHttp.Response r) {
        int status = r.status();
        if (status == 500 && r.text().equals("origin failure")) {
            return Outcome.ORIGIN_500;
        }
        if (status == 502 && r.text().contains("broke off the response body")) {
            return Outcome.ORIGIN_BROKE_OFF_502;
        }
        byte[] whole = Pattern.bytes(offset(i), size(i));
        switch (op) {
            case "purge":
                return status == 200 || status == 404 ? Outcome.OK : Outcome.UNEXPLAINED;
            case "push":
                return status == 200 || status == 201 ? Outcome.OK : Outcome.UNEXPLAINED;
            case "range":
                if (status == 206) {
                    return Arrays.equals(r.body(), Arrays.copyOfRange(whole, from, to + 1)) ? Outcome.OK
                            : Outcome.UNEXPLAINED;
                }
                return status == 200 && Arrays.equals(r.body(), whole) ? Outcome.OK : Outcome.UNEXPLAINED;
            default:
                return status == 200 && Arrays.equals(r.body(), whole) ? Outcome.OK : Outcome.UNEXPLAINED;
        }
    }

    private static long heapAfterGc() {
        for (int k = 0; k < 3; k++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void mixedTrafficAgainstAFailingOriginServesOnlyTheOriginsBytesWithFlatHeapAndThreads() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Arrays.asList(System.getProperty("soak.containers", "jetty,tomcat").split(",")).contains(containerName),
                "soak.containers leaves " + containerName + " out");
        long seconds = Long.getLong("soak.seconds", 15);
        int connections = Integer.getInteger("soak.connections", 200);
        int threadsBefore = proxyThreads(); // earlier tests in this JVM may have left threads of their own
        origin = ScriptedOrigin.unrecorded(this::answer); // a record of every request would be a leak of the test's
        container = Container.create(containerName);
        URI proxy = container.start(EngineProbe.addTo(Deployment.cached(origin.url(), "timeout", "10000"))
                .contextParam("proxy.config.http.push_method_enabled", "1"), work);

        long warmUp = Math.max(5, seconds / 5);
        long start = System.nanoTime();
        long warmUpEnd = start + TimeUnit.SECONDS.toNanos(warmUp);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong unique = new AtomicLong();
        java.util.concurrent.locks.ReentrantReadWriteLock gate = new java.util.concurrent.locks.ReentrantReadWriteLock();
        ExecutorService clients = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "soak-client");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> running = new ArrayList<>();
        java.util.concurrent.ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-client-watchdog");
            t.setDaemon(true);
            return t;
        });
        try {
            watchdog.scheduleWithFixedDelay(this::lookForLateRequests, 1, 1, TimeUnit.SECONDS);
            for (int k = 0; k < connections; k++) {
                running.add(clients.submit(() -> {
                    try (Client c = new Client(proxy)) {
                        clientsInUse.add(c);
                        while (System.nanoTime() < end) {
                            gate.readLock().lock(); // a snapshot holds the write lock: no request is in flight
                            try {
                                operate(c, unique);
                            } finally {
                                gate.readLock().unlock();
                            }
                        }
                    }
                }));
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, warmUpEnd - System.nanoTime())); // a clock, not a synchronisation
            // Both snapshots are taken with no request in flight (the clients paused between two requests, the
            // proxy idle): the live heap is then what edgecache keeps, not the bodies 200 requests hold at that
            // moment, which vary by tens of MiB from one instant to the next under this load.
            long heapStart;
            int threadsStart;
            String histogramStart;
            gate.writeLock().lock();
            try {
                OriginFaultsIT.assertIdle(proxy);
                heapStart = heapAfterGc();
                threadsStart = proxyThreads();
                histogramStart = classHistogram("soak-histogram-" + containerName + "-start.txt");
            } finally {
                gate.writeLock().unlock();
            }
            long requestsAtWarmUp = total();
            for (Future<?> f : running) {
                f.get(end - System.nanoTime() + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
            }
            OriginFaultsIT.assertIdle(proxy);
            long heapEnd = heapAfterGc();
            int threadsEnd = proxyThreads();
            String histogramEnd = classHistogram("soak-histogram-" + containerName + "-end.txt");

            Map<String, Long> ops = new TreeMap<>();
            byOp.forEach((k, v) -> ops.put(k, v.sum()));
            Map<Outcome, Long> outcomes = new TreeMap<>();
            byOutcome.forEach((k, v) -> outcomes.put(k, v.sum()));
            String figures = String.format(java.util.Locale.ROOT,
                    "container=%s seconds=%d connections=%d requests=%d (after warm-up %d) by operation=%s%n"
                            + "outcomes=%s%norigin requests=%d, injected 500s=%d, injected resets=%d%n"
                            + "heap used after GC, no request in flight: %.1f MiB at the end of the %d s warm-up, %.1f MiB at the end%n"
                            + "live threads (the container's and edgecache's): %d at the end of the warm-up, %d at the end%n"
                            + "unexplained: %s%n"
                            + "late (no answer after %d s; stacks in target/soak-late-%s-*.txt): %s%n"
                            + "live bytes grown most between the two histograms:%n%s",
                    containerName, seconds, connections, total(), total() - requestsAtWarmUp, ops, outcomes,
                    originRequests.sum(), injected500.sum(), injectedResets.sum(), heapStart / 1048576.0, warmUp,
                    heapEnd / 1048576.0, threadsStart, threadsEnd, unexplained,
                    TimeUnit.NANOSECONDS.toSeconds(LATE_NANOS), containerName,
                    late.size() <= 40 ? late : late.size() + ", the first 40: " + late.subList(0, 40),
                    histogramGrowth(histogramStart, histogramEnd, 25));
            System.out.print("SOAK " + figures);
            Files.writeString(Path.of("target", "soak-" + containerName + ".txt"), figures);

            assertThat(unexplained).as(figures).isEmpty();
            assertThat(outcomes.getOrDefault(Outcome.OK, 0L)).isPositive();
            assertThat(outcomes.getOrDefault(Outcome.ORIGIN_500, 0L)).as(figures)
                    .isLessThanOrEqualTo(injected500.sum());
            assertThat(outcomes.getOrDefault(Outcome.ORIGIN_BROKE_OFF_502, 0L)
                    + outcomes.getOrDefault(Outcome.ABNORMAL_END, 0L)).as(figures)
                    .isLessThanOrEqualTo(injectedResets.sum());
            assertThat(heapEnd).as(figures).isLessThan(heapStart
                    + (seconds >= LONG_RUN_SECONDS ? LONG_RUN_HEAP_TOLERANCE : HEAP_TOLERANCE));
            // flat, or still growing towards a thread per client connection (both containers' blocking I/O) in a
            // short run under a loaded machine, but never beyond what the connections explain
            assertThat(threadsEnd).as(figures)
                    .isLessThan(Math.max(threadsStart + THREAD_TOLERANCE, threadsBefore + connections + THREAD_OVERHEAD));
        } finally {
            watchdog.shutdownNow();
            clients.shutdownNow();
        }
    }

    /** Live threads of the JVM but the test's own clients and origin: the container's and edgecache's. */
    private static int proxyThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            n += name.startsWith("soak-client") || name.startsWith("scripted-origin") ? 0 : 1;
        }
        return n;
    }

    private long total() {
        return byOp.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
