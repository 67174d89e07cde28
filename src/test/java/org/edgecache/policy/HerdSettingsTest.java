package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HerdSettingsTest {
    @ParameterizedTest(name = "threshold {0}: sent {1} of {2} goes on = {3}")
    @CsvSource({
        "0.0,   0,   100, true",
        "0.0,   0,   -1,  true",
        "0.001, 0,   -1,  true",
        "0.5,   50,  100, false",
        "0.5,   51,  100, true",
        "0.5,   99,  -1,  false",
        "1.0,   100, 100, false",
    })
    void backgroundFillGoesOnOnlyPastTheCompletedThreshold(double threshold, long sent, long length, boolean goesOn) {
        HerdSettings s = new HerdSettings(0, Duration.ZERO, threshold, 0, -1, Duration.ofMillis(10), Duration.ofSeconds(240), Duration.ZERO, 0.0);
        assertThat(s.continueFillAfterClientLeft(sent, length)).isEqualTo(goesOn);
    }

    @ParameterizedTest(name = "max_doc_size {0}: length {1} storable = {2}")
    @CsvSource({"0, 999999999, true", "0, -1, true", "100, 100, true", "100, 101, false", "100, -1, true"})
    void maxDocSizeBoundsWhatIsStored(long max, long length, boolean allowed) {
        HerdSettings s = new HerdSettings(0, Duration.ZERO, 0.0, max, -1, Duration.ofMillis(10), Duration.ofSeconds(240), Duration.ZERO, 0.0);
        assertThat(s.allowsDocSize(length)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "fuzz {0}s/{1}s p={2}: remaining {3}s of {4}s, draw {5} -> {6}")
    @CsvSource({
        // off by default: probability 0
        "240, 0,  0.0,   10,  3600, 0.0,   false",
        // inside the 240 s window, the draw decides
        "240, 0,  0.005, 200, 3600, 0.004, true",
        "240, 0,  0.005, 200, 3600, 0.006, false",
        // outside the window
        "240, 0,  0.005, 300, 3600, 0.0,   false",
        // already stale: not fuzz's business
        "240, 0,  0.005, 0,   3600, 0.0,   false",
        // the window never exceeds the lifetime
        "240, 0,  1.0,   60,  60,   0.5,   true",
        // min_time: a 100 s lifetime gets a 50 s window, a 20 s lifetime the 30 s floor (capped at 20)
        "240, 30, 1.0,   50,  100,  0.5,   true",
        "240, 30, 1.0,   51,  100,  0.5,   false",
        "240, 30, 1.0,   20,  20,   0.5,   true",
        "240, 30, 1.0,   240, 3600, 0.5,   true",
    })
    void fuzzyRevalidationRollsTheDiceOnlyInTheWindow(long time, long min, double p, long remaining, long lifetime,
            double draw, boolean expected) {
        HerdSettings s = new HerdSettings(0, Duration.ZERO, 0.0, 0, -1, Duration.ofMillis(10), Duration.ofSeconds(time),
                Duration.ofSeconds(min), p);
        assertThat(s.revalidateEarly(Duration.ofSeconds(remaining), Duration.ofSeconds(lifetime), draw))
                .isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void theSeedsDefaultsLeaveEverythingOff() {
        HerdSettings d = HerdSettings.defaults();
        assertThat(d.readWhileWriterOn()).isFalse();
        assertThat(d.maxOpenReadRetries()).isEqualTo(-1);
        assertThat(d.openReadRetryTime()).isEqualTo(Duration.ofMillis(10));
        assertThat(d.backgroundFillThreshold()).isZero();
        assertThat(d.maxDocSize()).isZero();
    }
}
