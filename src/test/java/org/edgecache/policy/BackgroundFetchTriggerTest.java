package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.BackgroundFetchTrigger.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackgroundFetchTriggerTest {

    @ParameterizedTest(name = "[{index}] internal={0} {1} {2} allow304={3} storable={4} -> {5}")
    @CsvSource({
        "false, GET,  206, false, true,  FETCH",
        "false, GET,  206, false, false, NOT_CACHEABLE",
        "true,  GET,  206, false, true,  INTERNAL",
        "false, HEAD, 206, false, true,  NOT_GET",
        "false, POST, 206, false, true,  NOT_GET",
        "false, GET,  200, false, true,  NOT_PARTIAL",
        "false, GET,  304, false, true,  NOT_PARTIAL",
        "false, GET,  304, true,  true,  FETCH",
        "false, GET,  304, true,  false, NOT_CACHEABLE",
        "false, GET,  416, true,  true,  NOT_PARTIAL",
        "false, GET,  500, false, true,  NOT_PARTIAL",
    })
    void aCacheablePartialAnswerToAnOutsideGetTriggers(boolean internal, String method, int status,
            boolean allow304, boolean storable, Verdict expected) {
        assertThat(BackgroundFetchTrigger.decide(internal, method, status, allow304, () -> storable))
                .isEqualTo(expected);
    }
}
