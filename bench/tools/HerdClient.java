/*
 * The benchmark's herd (bench/run.sh, workload W5): N clients, each on its own connection, send one GET for the
 * same URL at the same moment and read the whole response. Prints one line:
 *   clients=N ok=K bytes=B p50_ms=.. p99_ms=.. max_ms=.. non200=..
 * where each completion time is from the common start to the last body byte.
 *
 *   java bench/tools/HerdClient.java http://127.0.0.1:18080/herd/x.bin 500
 *
 * JDK only; plain sockets and HTTP/1.1 with "Connection: close", so a client reads to the end of the stream.
 */

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

public final class HerdClient {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        long[] millis = new long[clients];
        int[] status = new int[clients];
        long[] bytes = new long[clients];
        Socket[] sockets = new Socket[clients];
        for (int i = 0; i < clients; i++) {
            sockets[i] = new Socket(uri.getHost(), uri.getPort());
            sockets[i].setReceiveBufferSize(1 << 20);
        }
        byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUser-Agent: edgecache-bench-herd\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        Thread[] threads = new Thread[clients];
        long[] start = new long[1];
        for (int i = 0; i < clients; i++) {
            int n = i;
            threads[i] = new Thread(() -> {
                try (Socket s = sockets[n]) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
                    ready.countDown();
                    go.await();
                    out.write(request);
                    out.flush();
                    status[n] = readStatus(in);
                    byte[] buf = new byte[65536];
                    long total = 0;
                    for (int r; (r = in.read(buf)) > 0; ) total += r;
                    bytes[n] = total;
                    millis[n] = (System.nanoTime() - start[0]) / 1_000_000;
                } catch (Exception e) {
                    status[n] = -1;
                    millis[n] = (System.nanoTime() - start[0]) / 1_000_000;
                }
            }, "herd-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        ready.await();
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread t : threads) t.join(120_000);
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        int ok = 0;
        int non200 = 0;
        long sum = 0;
        for (int i = 0; i < clients; i++) {
            if (status[i] == 200) ok++; else non200++;
            sum += bytes[i];
        }
        System.out.printf("clients=%d ok=%d bytes=%d p50_ms=%d p99_ms=%d max_ms=%d non200=%d%n", clients, ok, sum,
                pct(sorted, 50), pct(sorted, 99), sorted[clients - 1], non200);
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** Reads the status line and the header block; returns the status code. */
    private static int readStatus(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int status = -1;
        boolean first = true;
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1).trim();
                if (first) {
                    status = Integer.parseInt(l.split(" ")[1]);
                    first = false;
                } else if (l.isEmpty()) {
                    return status;
                }
                line.reset();
            } else {
                line.write(c);
            }
        }
        return status;
    }
}
