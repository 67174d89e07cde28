package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.UpdateEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The schedule loop with a clock the test moves: when runs start, and what force and enabled do. */
@Timeout(30)
class UpdaterTest {
    /** A clock the test sets. */
    private static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(String iso) {
            now = Instant.parse(iso);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock("2026-03-10T11:59:00Z");
    private final AtomicInteger gets = new AtomicInteger();
    private final UpdateRun.Fetcher fetcher = (url, headers) -> {
        gets.incrementAndGet();
        return new UpdateRun.Fetched(200, null, null);
    };
    private final UpdateEntry noonEvery4h = new UpdateEntry(URI.create("http://www.example.com/"), HttpFields.EMPTY,
            12, Duration.ofHours(4), 0, 1);
    private Updater updater;

    private Updater updater(boolean enabled, boolean force, URI self) {
        updater = new Updater(new Updater.Settings(enabled, force, 0, Duration.ZERO, 2, Duration.ofSeconds(10),
                ZoneOffset.UTC), List.of(noonEvery4h), clock, new Stats(), new SelfUrl(self), fetcher);
        return updater;
    }

    @AfterEach
    void close() {
        if (updater != null) {
            updater.close();
        }
    }

    private void tickAndFinish() {
        updater.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> !updater.running());
    }

    @Test
    void anEntryRunsWhenItsTimeHasComeAndIsThenScheduledAgain() {
        updater(true, false, URI.create("http://127.0.0.1:1"));
        assertThat(updater.nextRuns()).containsEntry(noonEvery4h, Instant.parse("2026-03-10T12:00:00Z"));
        tickAndFinish();
        assertThat(gets).hasValue(0);
        clock.now = Instant.parse("2026-03-10T12:00:03Z");
        tickAndFinish();
        assertThat(gets).hasValue(1);
        assertThat(updater.progress().number()).isEqualTo(1);
        assertThat(updater.nextRuns()).containsEntry(noonEvery4h, Instant.parse("2026-03-10T16:00:00Z"));
        clock.now = Instant.parse("2026-03-10T15:59:59Z");
        tickAndFinish();
        assertThat(gets).hasValue(1);
        clock.now = Instant.parse("2026-03-10T16:00:00Z");
        tickAndFinish();
        assertThat(gets).hasValue(2);
    }

    @Test
    void aRunThatWasDueWhileTheCacheDidNotKnowItsOwnUrlWaitsForIt() {
        updater = new Updater(new Updater.Settings(true, false, 0, Duration.ZERO, 2, Duration.ofSeconds(10),
                ZoneOffset.UTC), List.of(noonEvery4h), clock, new Stats(), new SelfUrl(null), fetcher);
        clock.now = Instant.parse("2026-03-10T12:00:00Z");
        tickAndFinish();
        assertThat(gets).hasValue(0);
        assertThat(updater.nextRuns()).containsEntry(noonEvery4h, Instant.parse("2026-03-10T12:00:00Z"));
    }

    @Test
    void disabledMeansNoScheduledRunsButARunCanBeRequested() {
        updater(false, true, URI.create("http://127.0.0.1:1"));
        clock.now = Instant.parse("2026-03-10T12:00:00Z");
        tickAndFinish();
        assertThat(gets).hasValue(0);
        assertThat(updater.runNow()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !updater.running());
        assertThat(gets).hasValue(1);
    }

    @Test
    void forceRunsEveryEntryAtEachCheckUntilItIsCleared() {
        updater(true, true, URI.create("http://127.0.0.1:1"));
        tickAndFinish();
        tickAndFinish();
        tickAndFinish();
        assertThat(gets).hasValue(3);
        updater.force(false);
        tickAndFinish();
        assertThat(gets).hasValue(3);
    }
}
