package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    @TempDir
    Path dir;

    private static Params params(Map<String, String> values) {
        return new Params("context-param", values::get, name -> null);
    }

    @Test
    void linesGoToTheFileInOrderAndAreAllWrittenByClose() throws Exception {
        Path file = dir.resolve("access.log");
        Stats stats = new Stats();
        AccessLog log = AccessLog.from(params(Map.of(AccessLog.PARAM_FILE, file.toString())), stats);
        assertThat(log.on()).isTrue();
        for (int i = 0; i < 1000; i++) {
            log.write("line " + i);
        }
        log.close();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(1000).startsWith("line 0", "line 1").endsWith("line 999");
        assertThat(stats.get(AccessLog.DROPPED)).isZero();
    }

    @Test
    void aFullQueueDropsTheLineAndCountsItInsteadOfWaitingForTheDisk() throws Exception {
        CountDownLatch diskSlow = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        StringWriter written = new StringWriter();
        Writer slowDisk = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                writing.countDown();
                try {
                    diskSlow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(cbuf, off, len);
            }

            @Override
            public void write(String str) throws IOException {
                write(str.toCharArray(), 0, str.length());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Stats stats = new Stats();
        AccessLog log = AccessLog.writingTo(slowDisk, 2, stats, dir.resolve("slow.log"));
        log.write("first");
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.waiting() == 0);
        log.write("second");
        log.write("third");
        long before = System.nanoTime();
        log.write("fourth");
        log.write("fifth");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(stats.get(AccessLog.DROPPED)).isEqualTo(2);
        diskSlow.countDown();
        log.close();
        assertThat(written.toString()).isEqualTo("first\nsecond\nthird\n");
    }

    /**
     * The SLF4J destination (the default) goes through the same queue: a logging backend that holds its lock (the
     * console handler of java.util.logging behind a slow pipe, in the soak) holds no request thread up.
     */
    @Test
    void aSlowLoggingBackendHoldsNoRequestUpAndAFullQueueDropsTheLine() throws Exception {
        CountDownLatch backendSlow = new CountDownLatch(1);
        CountDownLatch publishing = new CountDownLatch(1);
        List<String> published = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("edgecache.test.slow-access-log");
        java.util.logging.Handler slowConsole = new java.util.logging.Handler() {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                publishing.countDown();
                try {
                    backendSlow.await(10, TimeUnit.SECONDS);
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
        jul.setUseParentHandlers(false);
        jul.setLevel(java.util.logging.Level.INFO);
        jul.addHandler(slowConsole);
        try {
            Stats stats = new Stats();
            AccessLog log = AccessLog.loggingTo(org.slf4j.LoggerFactory.getLogger(jul.getName()), 2, stats);
            assertThat(log.on()).isTrue();
            long before = System.nanoTime();
            log.write("first");
            assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue(); // the backend holds its lock now
            await().atMost(Duration.ofSeconds(10)).until(() -> log.waiting() == 0);
            log.write("second");
            log.write("third");
            log.write("fourth");
            log.write("fifth");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
            assertThat(published).isEmpty();
            assertThat(stats.get(AccessLog.DROPPED)).isEqualTo(2);
            backendSlow.countDown();
            log.close();
            assertThat(published).containsExactly("first", "second", "third");
        } finally {
            jul.removeHandler(slowConsole);
        }
    }

    @Test
    void offWritesNothingAndAskedForNoFormatting() {
        Stats stats = new Stats();
        AccessLog log = AccessLog.from(params(Map.of(AccessLog.PARAM_ON, "false",
                AccessLog.PARAM_FILE, dir.resolve("never.log").toString())), stats);
        assertThat(log.on()).isFalse();
        log.write("x");
        log.close();
        assertThat(dir.resolve("never.log")).doesNotExist();
    }

    @Test
    void aFileThatCannotBeOpenedFailsTheDeploymentNamingTheParameter() {
        String bad = dir.resolve("no-such-dir").resolve("access.log").toString();
        assertThatThrownBy(() -> AccessLog.from(params(Map.of(AccessLog.PARAM_FILE, bad)), new Stats()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AccessLog.PARAM_FILE).hasMessageContaining(bad);
    }

    @Test
    void aBadBufferSizeFailsTheDeployment() {
        assertThatThrownBy(() -> AccessLog.from(params(Map.of(AccessLog.PARAM_BUFFER, "0")), new Stats()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(AccessLog.PARAM_BUFFER);
    }
}
