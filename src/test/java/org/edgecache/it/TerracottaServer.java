package org.edgecache.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real Terracotta server from the Ehcache kit (unpacked by Maven into {@code target/terracotta-kit}; the
 * {@code edgecache.terracotta.kit} system property says where), run as a child process on 127.0.0.1 with free
 * ports, a small heap and its directories under a test directory. Stopping kills the process (as a crash would);
 * starting again reuses the ports and the activated configuration. The process is also killed when the JVM exits.
 */
final class TerracottaServer implements AutoCloseable {
    private final Path kit;
    private final Path dir;
    private final int port;
    private final int groupPort;
    private final int offheapMb;
    private Process process;
    private int starts;

    TerracottaServer(Path dir, int offheapMb) throws IOException {
        String kitProperty = System.getProperty("edgecache.terracotta.kit");
        if (kitProperty == null) {
            throw new IllegalStateException("the system property edgecache.terracotta.kit is not set (run through"
                    + " Maven: mvn verify unpacks the kit in pre-integration-test)");
        }
        this.kit = Path.of(kitProperty);
        if (!Files.isRegularFile(kit.resolve("server/lib/tc.jar"))) {
            throw new IllegalStateException("no Terracotta kit in " + kit);
        }
        this.dir = Files.createDirectories(dir);
        this.port = freePort();
        int g;
        do {
            g = freePort();
        } while (g == port);
        this.groupPort = g;
        this.offheapMb = offheapMb;
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill, "terracotta-kill"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The URI edgecache nodes use to share the named cluster tier manager. */
    String uri(String name) {
        return "terracotta://127.0.0.1:" + port + "/" + name;
    }

    /** Starts the server and waits until it is the active coordinator. */
    synchronized void start() throws IOException {
        Path cfg = dir.resolve("cluster.cfg");
        Files.writeString(cfg, String.join("\n", List.of(
                "cluster-name=edgecache-test",
                "client-reconnect-window=30s",
                "client-lease-duration=5s",
                "failover-priority=availability",
                "offheap-resources=main:" + offheapMb + "MB",
                "stripe-names=s1",
                "s1:node-names=n1",
                "n1:hostname=127.0.0.1",
                "n1:bind-address=127.0.0.1",
                "n1:group-bind-address=127.0.0.1",
                "n1:port=" + port,
                "n1:group-port=" + groupPort,
                "n1:log-dir=" + dir.resolve("logs"),
                "n1:metadata-dir=" + dir.resolve("metadata"),
                "n1:data-dirs=main:" + dir.resolve("data"))) + "\n");
        Path serverDir = kit.resolve("server");
        Path log = dir.resolve("server-" + (++starts) + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:MaxDirectMemorySize=" + (offheapMb + 64) + "m",
                "-Dtc.install-root=" + serverDir, "-jar", serverDir.resolve("lib/tc.jar").toString(),
                "-config-file", cfg.toString(), "-config-dir", dir.resolve("config").toString(), "-auto-activate");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        Process p = process;
        Awaitility.await("Terracotta server active (" + log + ")").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("the Terracotta server exited: see " + log);
                    }
                    return Files.readString(log).contains("Moved to State[ ACTIVE-COORDINATOR ]");
                });
    }

    /** Kills the server process (SIGKILL, as a crash) and waits until it is gone. */
    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Stops the server process (SIGSTOP): it keeps its connections and data but answers nothing, as if cut off. */
    synchronized void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    synchronized void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null) {
            throw new IllegalStateException("the server is not running");
        }
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private void kill() {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
