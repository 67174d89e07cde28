package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.edgecache.policy.ParentHealth.State;
import org.junit.jupiter.api.Test;

class ParentHealthTest {
    private static final ParentRule.Parent P = new ParentRule.Parent("p1.example", 8080, 1);
    private static final ParentRule.Parent Q = new ParentRule.Parent("p2.example", 8080, 1);

    private final MutableClock clock = new MutableClock();
    private final ParentHealth health = new ParentHealth(clock, Duration.ofSeconds(300), 3);

    @Test
    void aParentIsMarkedDownAtTheThresholdOfFailuresWithinTheRetryTime() {
        assertThat(health.state(P)).isEqualTo(State.AVAILABLE);
        assertThat(health.failed(P, false)).isFalse();
        clock.advance(100);
        assertThat(health.failed(P, false)).isFalse();
        assertThat(health.state(P)).isEqualTo(State.AVAILABLE);
        clock.advance(100);
        assertThat(health.failed(P, false)).isTrue();
        assertThat(health.state(P)).isEqualTo(State.DOWN);
        assertThat(health.state(Q)).as("per parent").isEqualTo(State.AVAILABLE);
    }

    @Test
    void aFailureAfterTheRetryTimeStartsCountingAgain() {
        health.failed(P, false);
        health.failed(P, false);
        clock.advance(301);
        assertThat(health.failed(P, false)).as("count back at 1").isFalse();
        assertThat(health.failed(P, false)).isFalse();
        assertThat(health.failed(P, false)).isTrue();
    }

    @Test
    void aDownParentIsRetriedAfterTheRetryTimeAndMarkedUpWhenTheRetryAnswers() {
        downNow(P);
        clock.advance(300);
        assertThat(health.state(P)).as("not before retry_time has passed").isEqualTo(State.DOWN);
        clock.advance(1);
        assertThat(health.state(P)).isEqualTo(State.RETRY);
        health.succeeded(P, true);
        assertThat(health.state(P)).isEqualTo(State.AVAILABLE);
        assertThat(health.failed(P, false)).as("failures forgotten").isFalse();
    }

    @Test
    void aRetryThatFailsKeepsTheParentDownForAnotherRetryTime() {
        downNow(P);
        clock.advance(301);
        assertThat(health.state(P)).isEqualTo(State.RETRY);
        assertThat(health.failed(P, true)).isTrue();
        assertThat(health.state(P)).isEqualTo(State.DOWN);
        clock.advance(300);
        assertThat(health.state(P)).isEqualTo(State.DOWN);
        clock.advance(1);
        assertThat(health.state(P)).isEqualTo(State.RETRY);
    }

    @Test
    void anAnswerThatIsNotARetryChangesNothing() {
        health.failed(P, false);
        health.failed(P, false);
        health.succeeded(P, false);
        assertThat(health.failed(P, false)).as("as ATS: only a retry's success resets the count").isTrue();
    }

    @Test
    void aThresholdOfOneMarksDownAtTheFirstFailure() {
        ParentHealth strict = new ParentHealth(clock, Duration.ofSeconds(1), 1);
        assertThat(strict.failed(P, false)).isTrue();
        assertThat(strict.state(P)).isEqualTo(State.DOWN);
    }

    private void downNow(ParentRule.Parent p) {
        health.failed(p, false);
        health.failed(p, false);
        health.failed(p, false);
        assertThat(health.state(p)).isEqualTo(State.DOWN);
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
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
}
