package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.edgecache.store.ClusterAvailability.Change;
import org.edgecache.store.ClusterAvailability.State;
import org.junit.jupiter.api.Test;

class ClusterAvailabilityTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final PinnedPoolTest.MutableClock clock = new PinnedPoolTest.MutableClock(T0);
    private final ClusterAvailability availability = new ClusterAvailability(clock, Duration.ofSeconds(2));

    @Test
    void upUntilTheFirstFailureAndNoProbeWhileUp() {
        assertThat(availability.up()).isTrue();
        assertThat(availability.probeDue()).isFalse();
        clock.set(T0.plusSeconds(3600));
        assertThat(availability.probeDue()).isFalse();
        assertThat(availability.downSince()).isNull();
        assertThat(availability.outages()).isZero();
    }

    @Test
    void theFirstFailureTakesItDownAndOnlyThatCallReportsIt() {
        assertThat(availability.failed()).isEqualTo(Change.WENT_DOWN);
        assertThat(availability.state()).isEqualTo(State.DOWN);
        assertThat(availability.up()).isFalse();
        assertThat(availability.downSince()).isEqualTo(T0);
        clock.set(T0.plusMillis(500));
        assertThat(availability.failed()).isEqualTo(Change.NONE);
        assertThat(availability.downSince()).isEqualTo(T0);
        assertThat(availability.outages()).isEqualTo(1);
    }

    @Test
    void aProbeIsDueOnceAnIntervalWhileDown() {
        availability.failed();
        assertThat(availability.probeDue()).isFalse();
        clock.set(T0.plusMillis(1999));
        assertThat(availability.probeDue()).isFalse();
        clock.set(T0.plusSeconds(2));
        assertThat(availability.probeDue()).isTrue();
        // claimed: not due again within the interval, even before the prober reports
        assertThat(availability.probeDue()).isFalse();
        clock.set(T0.plusMillis(3500));
        availability.probeFailed();
        clock.set(T0.plusMillis(5499));
        assertThat(availability.probeDue()).isFalse();
        clock.set(T0.plusMillis(5500));
        assertThat(availability.probeDue()).isTrue();
    }

    @Test
    void failuresWhileDownDoNotPostponeTheProbe() {
        availability.failed();
        clock.set(T0.plusMillis(1900));
        availability.failed();
        clock.set(T0.plusSeconds(2));
        assertThat(availability.probeDue()).isTrue();
    }

    @Test
    void aSuccessfulProbeBringsItBackOnceAndTheNextFailureIsANewOutage() {
        availability.failed();
        clock.set(T0.plusSeconds(2));
        assertThat(availability.probeDue()).isTrue();
        assertThat(availability.probeSucceeded()).isEqualTo(Change.WENT_UP);
        assertThat(availability.up()).isTrue();
        assertThat(availability.probeSucceeded()).isEqualTo(Change.NONE);
        assertThat(availability.probeDue()).isFalse();
        assertThat(availability.downSince()).isNull();

        clock.set(T0.plusSeconds(10));
        assertThat(availability.failed()).isEqualTo(Change.WENT_DOWN);
        assertThat(availability.downSince()).isEqualTo(T0.plusSeconds(10));
        assertThat(availability.outages()).isEqualTo(2);
        clock.set(T0.plusSeconds(11));
        assertThat(availability.probeDue()).isFalse();
    }

    @Test
    void aFailedProbeWhileUpChangesNothing() {
        availability.probeFailed();
        assertThat(availability.up()).isTrue();
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new ClusterAvailability(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
