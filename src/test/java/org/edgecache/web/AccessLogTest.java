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
