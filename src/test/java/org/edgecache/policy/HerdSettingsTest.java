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
        HerdSettings s = new HerdSettings(0, Duration.ZERO, threshold, 0, -1, Duration.ofMillis(10));
        assertThat(s.continueFillAfterClientLeft(sent, length)).isEqualTo(goesOn);
    }

    @ParameterizedTest(name = "max_doc_size {0}: length {1} storable = {2}")
    @CsvSource({"0, 999999999, true", "0, -1, true", "100, 100, true", "100, 101, false", "100, -1, true"})
    void maxDocSizeBoundsWhatIsStored(long max, long length, boolean allowed) {
        HerdSettings s = new HerdSettings(0, Duration.ZERO, 0.0, max, -1, Duration.ofMillis(10));
        assertThat(s.allowsDocSize(length)).isEqualTo(allowed);
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
