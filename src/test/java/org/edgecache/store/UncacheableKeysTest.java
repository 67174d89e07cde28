package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class UncacheableKeysTest {
    private final PinnedPoolTest.MutableClock clock = new PinnedPoolTest.MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final UncacheableKeys keys = new UncacheableKeys(clock, Duration.ofSeconds(120));

    @Test
    void aRememberedKeyIsRecentUntilItsTtlRunsOut() {
        keys.remember("a");
        assertThat(keys.recent("a")).isTrue();
        assertThat(keys.recent("b")).isFalse();
        clock.set(Instant.parse("2026-11-22T10:01:59.999Z"));
        assertThat(keys.recent("a")).isTrue();
        clock.set(Instant.parse("2026-11-22T10:02:00Z"));
        assertThat(keys.recent("a")).isFalse();
        assertThat(keys.size()).isZero();
    }

    @Test
    void rememberingAgainExtendsTheTtl() {
        keys.remember("a");
        clock.set(Instant.parse("2026-11-22T10:01:30Z"));
        keys.remember("a");
        clock.set(Instant.parse("2026-11-22T10:03:00Z"));
        assertThat(keys.recent("a")).isTrue();
    }

    @Test
    void aStoredResponseForgetsTheKey() {
        keys.remember("a");
        keys.forget("a");
        assertThat(keys.recent("a")).isFalse();
    }

    @Test
    void aZeroTtlRemembersNothing() {
        UncacheableKeys off = UncacheableKeys.off(clock);
        off.remember("a");
        assertThat(off.recent("a")).isFalse();
        assertThat(off.size()).isZero();
    }

    @Test
    void theNumberOfKeysIsBoundedAndExpiredKeysMakeRoom() {
        for (int i = 0; i < UncacheableKeys.MAX_KEYS + 50; i++) {
            keys.remember("k" + i);
        }
        assertThat(keys.size()).isEqualTo(UncacheableKeys.MAX_KEYS);
        assertThat(keys.recent("k" + (UncacheableKeys.MAX_KEYS + 10))).isFalse();
        clock.set(Instant.parse("2026-11-22T10:05:00Z"));
        keys.remember("new");
        assertThat(keys.recent("new")).isTrue();
        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void aNegativeTtlIsRefused() {
        assertThatThrownBy(() -> new UncacheableKeys(clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
