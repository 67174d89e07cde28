package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CongestionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final CongestionRule RULE = CongestionConfig.parse("f", List.of(
            "dest_host=o max_connection_failures=3 fail_window=60 proxy_retry_interval=10 client_wait_interval=5"
                    + " wait_interval_alpha=4 live_os_conn_timeout=7 dead_os_conn_timeout=2")).get(0);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /**
     * A script of events, one a step: {@code F<s>} a failure at second s, {@code S<s>} a success, {@code C<s>} a check
     * whose verdict is the expected one.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "F0 F1 C2=FORWARD                          | two failures are under the threshold",
        "F0 F1 F2 C2=REFUSE C11=REFUSE C12=RETRY   | the third failure in the window congests for 10 s",
        "F0 F1 F61 C61=FORWARD                     | failures older than the window are forgotten",
        "F0 F1 F2 F12 C13=REFUSE C22=RETRY         | a failure on retry congests again at once",
        "F0 F1 F2 S12 C13=FORWARD F14 C14=FORWARD  | a success on retry makes it healthy; counting starts again",
        "F0 F1 F2 S5 C6=REFUSE                     | a success of an older request during congestion changes nothing",
        "F0 F1 F2 F5 C11=REFUSE C12=RETRY          | failures during congestion do not extend it",
    })
    void aServerIsCongestedAfterTooManyFailuresAndRecoversAfterTheRetryInterval(String script, String why) {
        Congestion c = new Congestion();
        for (String step : script.trim().split("\\s+")) {
            char kind = step.charAt(0);
            String rest = step.substring(1);
            switch (kind) {
                case 'F' -> c.failed(RULE, "s", at(Long.parseLong(rest)));
                case 'S' -> c.succeeded(RULE, "s", at(Long.parseLong(rest)));
                case 'C' -> {
                    String[] p = rest.split("=");
                    assertThat(c.check(RULE, "s", at(Long.parseLong(p[0])))).as(step + ": " + why)
                            .isEqualTo(Congestion.Verdict.valueOf(p[1]));
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    @Test
    void serversAreTrackedApart() {
        Congestion c = new Congestion();
        for (int i = 0; i < 3; i++) {
            c.failed(RULE, "10.0.0.1:80", at(i));
        }
        assertThat(c.check(RULE, "10.0.0.1:80", at(3))).isEqualTo(Congestion.Verdict.REFUSE);
        assertThat(c.check(RULE, "10.0.0.2:80", at(3))).isEqualTo(Congestion.Verdict.FORWARD);
        assertThat(c.congestedServers(at(3))).isEqualTo(1);
        assertThat(c.congestedServers(at(12))).isZero();
    }

    @ParameterizedTest(name = "[{index}] random {0} -> {1} s")
    @CsvSource({"0.0, 5", "0.5, 7", "0.99, 9"})
    void retryAfterIsTheClientWaitPlusARandomPartUpToAlpha(double random, long seconds) {
        assertThat(Congestion.retryAfter(RULE, random)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aServerOnRetryGetsTheDeadTimeout() {
        assertThat(Congestion.connectTimeout(RULE, Congestion.Verdict.FORWARD)).isEqualTo(Duration.ofSeconds(7));
        assertThat(Congestion.connectTimeout(RULE, Congestion.Verdict.RETRY)).isEqualTo(Duration.ofSeconds(2));
    }
}
