package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The inspector's history: rates from cumulative counters over the time between samples, the last N kept. */
class LiveFiguresTest {
    static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private static LiveFigures.Counters c(long requests, long lookups, long hits, long originBytes) {
        return new LiveFigures.Counters(requests, lookups, hits, originBytes);
    }

    @Test
    void theFirstSampleIsOnlyTheBaseline() {
        LiveFigures f = new LiveFigures(10);
        f.sample(T0, c(100, 50, 25, 4096));
        assertThat(f.points()).isEmpty();
    }

    @Test
    void aPointIsTheDifferenceOverTheTimeBetweenSamples() {
        LiveFigures f = new LiveFigures(10);
        f.sample(T0, c(100, 50, 25, 4096));
        f.sample(T0.plusSeconds(2), c(120, 60, 58, 4096 + 2048));
        LiveFigures.Point p = f.points().get(0);
        assertThat(p.at()).isEqualTo(T0.plusSeconds(2));
        assertThat(p.requestsPerSecond()).isEqualTo(10.0);
        assertThat(p.lookupsPerSecond()).isEqualTo(5.0);
        assertThat(p.hitRatio()).as("more hits than lookups in the interval is capped").isEqualTo(1.0);
        assertThat(p.originBytesPerSecond()).isEqualTo(1024.0);

        f.sample(T0.plusMillis(2500), c(120, 64, 59, 6144));
        LiveFigures.Point q = f.points().get(1);
        assertThat(q.lookupsPerSecond()).isEqualTo(8.0);
        assertThat(q.hitRatio()).isEqualTo(0.25);
        assertThat(q.requestsPerSecond()).isZero();
    }

    @Test
    void anIntervalWithoutLookupsHasNoHitRatio() {
        LiveFigures f = new LiveFigures(10);
        f.sample(T0, c(0, 7, 7, 0));
        f.sample(T0.plusSeconds(1), c(3, 7, 7, 0));
        assertThat(f.points().get(0).hitRatio()).isNaN();
    }

    @Test
    void onlyTheLastCapacityPointsAreKeptOldestFirst() {
        LiveFigures f = new LiveFigures(3);
        for (int i = 0; i <= 5; i++) {
            f.sample(T0.plusSeconds(i), c(i * i, 0, 0, 0));
        }
        List<LiveFigures.Point> points = f.points();
        assertThat(points).extracting(LiveFigures.Point::at)
                .containsExactly(T0.plusSeconds(3), T0.plusSeconds(4), T0.plusSeconds(5));
        assertThat(points).extracting(LiveFigures.Point::requestsPerSecond).containsExactly(5.0, 7.0, 9.0);
    }

    @Test
    void aSampleNotAfterThePreviousIsIgnoredAndACounterThatWentDownCountsFromZero() {
        LiveFigures f = new LiveFigures(5);
        f.sample(T0, c(10, 0, 0, 0));
        f.sample(T0, c(50, 0, 0, 0));
        f.sample(T0.minusSeconds(1), c(50, 0, 0, 0));
        assertThat(f.points()).isEmpty();
        f.sample(T0.plusSeconds(1), c(4, 0, 0, 0));
        assertThat(f.points().get(0).requestsPerSecond()).isEqualTo(4.0);
    }

    @Test
    void theCountersOfAnEngineComeFromItsStats() {
        Stats s = new Stats();
        s.add(Stats.INCOMING_REQUESTS, 9);
        s.add(Stats.LOOKUPS, 8);
        s.add(Stats.HIT_FRESH, 3);
        s.add(Stats.HIT_REVALIDATED, 2);
        s.add(Stats.HIT_STALE_SERVED, 1);
        s.add(Stats.MISS_COLD, 2);
        s.add(Stats.ORIGIN_BODY_BYTES, 777);
        assertThat(LiveFigures.Counters.of(s)).isEqualTo(c(9, 8, 6, 777));
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new LiveFigures(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
