package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import org.edgecache.policy.FlowControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the origin-protection parameters and congestion.config: defaults, and bad values naming file and line. */
class OriginProtectionTest {
    @TempDir
    Path dir;

    private final Map<String, String> params = new HashMap<>();

    private OriginProtection read() {
        return OriginProtection.from(new Params("context-param", params::get, n -> null), Clock.systemUTC(),
                new Stats());
    }

    @Test
    void defaultsAreOffAndTheStatsAreListed() {
        Stats stats = new Stats();
        OriginProtection p = OriginProtection.from(new Params("context-param", params::get, n -> null),
                Clock.systemUTC(), stats);
        assertThat(p.flowControl()).isEqualTo(FlowControl.of(false, 0, 0));
        assertThat(p.flowControl().relayBuffer()).isEqualTo(32 * 1024);
        assertThat(stats.snapshot()).containsKeys(OriginProtection.STAT_CONGESTED, OriginProtection.STAT_REFUSED,
                OriginProtection.STAT_THROTTLED);
    }

    @Test
    void flowControlMarksAreSizes() {
        params.put(OriginProtection.FLOW_ENABLED, "1");
        params.put(OriginProtection.FLOW_LOW, "8k");
        assertThat(read().flowControl()).isEqualTo(new FlowControl(true, 8192, 8192));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] enabled={0} high={1} low={2} over on/64k/32k")
    @org.junit.jupiter.params.provider.CsvSource({
        ",      ,     ,    true,  65536, 32768",
        "0,     ,     ,    false, 65536, 32768",
        ",      8k,   ,    true,  8192,  8192",
        "1,     ,     1k,  true,  1024,  1024",
        "1,     16k,  4k,  true,  16384, 4096",
    })
    void aUrlPatternsRecordsOverrideTheGlobalOnes(String enabled, String high, String low, boolean expectEnabled,
            long expectHigh, long expectLow) {
        Map<String, String> init = new HashMap<>();
        if (enabled != null) {
            init.put(OriginProtection.FLOW_ENABLED, enabled);
        }
        if (high != null) {
            init.put(OriginProtection.FLOW_HIGH, high);
        }
        if (low != null) {
            init.put(OriginProtection.FLOW_LOW, low);
        }
        FlowControl f = OriginProtection.flowControl(new Params("filter 'f'", init::get, n -> null),
                new FlowControl(true, 65536, 32768));
        assertThat(f).isEqualTo(new FlowControl(expectEnabled, expectHigh, expectLow));
    }

    @Test
    void congestionOnWithoutAFileFailsNamingBothParameters() {
        params.put(OriginProtection.CONGESTION_ENABLED, "1");
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class)
                .hasMessageContaining(OriginProtection.CONGESTION_ENABLED)
                .hasMessageContaining(OriginProtection.CONGESTION_FILE);
    }

    @Test
    void aBadLineNamesTheParameterTheFileTheLineAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("congestion.config"),
                "dest_host=a\n# fine so far\ndest_host=b fail_window=soon\n");
        params.put(OriginProtection.CONGESTION_FILE, file.toString());
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class)
                .hasMessage("edgecache: context-param: parameter '" + OriginProtection.CONGESTION_FILE + "': " + file
                        + " line 3: fail_window 'soon': allowed a whole number from 1 to 31536000");
    }

    @Test
    void anErrorPageThatCannotBeReadFailsNamingTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("congestion.config"), "dest_host=a error_page=missing.html\n");
        params.put(OriginProtection.CONGESTION_FILE, file.toString());
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + " line 1: error_page 'missing.html' cannot be read");
    }

    @Test
    void aMissingFileAndBadLimitsFail() {
        params.put(OriginProtection.CONGESTION_FILE, dir.resolve("nope.config").toString());
        assertThatThrownBy(this::read).hasMessageContaining("cannot be read");
        params.clear();
        params.put(OriginProtection.PER_SERVER_MAX, "-3");
        assertThatThrownBy(this::read).hasMessageContaining("'" + OriginProtection.PER_SERVER_MAX + "' has the value '-3'");
        params.clear();
        params.put(OriginProtection.FLOW_HIGH, "lots");
        assertThatThrownBy(this::read).hasMessageContaining(OriginProtection.FLOW_HIGH);
    }
}
