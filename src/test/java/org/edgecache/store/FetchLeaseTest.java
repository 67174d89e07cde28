package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FetchLeaseTest {

    @Test
    void encodesAndDecodes() {
        FetchLease l = new FetchLease("node-1_a", 1_700_000_000_123L);
        assertThat(l.encode()).isEqualTo("node-1_a 1700000000123");
        assertThat(FetchLease.decode(l.encode())).isEqualTo(l);
    }

    @Test
    void runsOutAtItsExpiry() {
        FetchLease l = new FetchLease("n", 1000);
        assertThat(l.expired(Instant.ofEpochMilli(999))).isFalse();
        assertThat(l.expired(Instant.ofEpochMilli(1000))).isTrue();
        assertThat(l.expired(Instant.ofEpochMilli(5000))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "n", "n x", "n 1 2", " 12", "n 12x"})
    void whatIsNotALeaseDecodesAsNone(String value) {
        assertThat(FetchLease.decode(value)).isNull();
    }

    @Test
    void anOwnerIsOneWord() {
        assertThatThrownBy(() -> new FetchLease("a b", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchLease("", 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
