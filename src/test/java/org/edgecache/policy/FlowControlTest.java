package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowControlTest {

    @ParameterizedTest(name = "[{index}] enabled={0} high={1} low={2} -> high {3} low {4}, buffer {5}")
    @CsvSource({
        "false, 0,      0,     0,      0,     32768",
        "false, 1024,   512,   1024,   512,   32768",
        "true,  0,      0,     0,      0,     32768",
        "true,  8192,   0,     8192,   8192,  8192",
        "true,  0,      4096,  4096,   4096,  4096",
        "true,  8192,   4096,  8192,   4096,  8192",
        "true,  4096,   8192,  4096,   4096,  4096",
        "true,  1048576, 65536, 1048576, 65536, 32768",
        "true,  1,      0,     1,      1,     1",
    })
    void onlyOneMarkSetGivesTheOtherItsValueAndTheRelayHoldsAtMostTheHighMark(boolean enabled, long high, long low,
            long expectHigh, long expectLow, int buffer) {
        FlowControl f = FlowControl.of(enabled, high, low);
        assertThat(f.highWater()).isEqualTo(expectHigh);
        assertThat(f.lowWater()).isEqualTo(expectLow);
        assertThat(f.relayBuffer()).isEqualTo(buffer);
    }
}
