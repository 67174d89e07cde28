package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgeTest {

    /** Times are seconds after T0: request sent, response received, now. */
    @ParameterizedTest(name = "[{index}] {0}; req {1}, resp {2}, now {3} -> {4}")
    @CsvSource(delimiter = ';', value = {
        // no Date, no Age: resident time only
        "-;                      0; 0; 10; 10",
        // apparent age: response_time - Date
        "Date: @-30;             0; 0; 10; 40",
        // Date in the future (clock skew): apparent age is never negative
        "Date: @100;             0; 0; 10; 10",
        // Age plus response delay (2 s) beats a smaller apparent age
        "Date: @0 | Age: 60;     0; 2; 2;  62",
        // apparent age beats a smaller corrected Age
        "Date: @-100 | Age: 5;   0; 0; 0;  100",
        // an Age that is not one delta-seconds on one line makes the response as old as can be (stale)
        "Date: @0 | Age: abc;    0; 0; 5;  2147483653",
        "Date: @0 | Age: -7200;  0; 0; 5;  2147483653",
        "Date: @0 | Age: 7200.0; 0; 0; 5;  2147483653",
        "'Date: @0 | Age: 7200;foo=1'; 0; 0; 0; 2147483648",
        "Date: @0 | Age: 7200, 0;        0; 0; 0; 2147483648",
        "Date: @0 | Age: 0, 0;           0; 0; 0; 2147483648",
        "Date: @0 | Age: 0 | Age: 7200;  0; 0; 0; 2147483648",
        "Date: @0 | Age: 0 | Age: 0;     0; 0; 0; 2147483648",
        // clamped delta-seconds
        "Date: @0 | Age: 99999999999;    0; 0; 0; 2147483648",
        // invalid Date counts as response_time
        "Date: yesterday;        0; 0; 7; 7",
        // now before response_time: resident time 0
        "Date: @10;              10; 10; 5; 0",
    })
    void rfc9111_4_2_3_currentAge(String headers, long req, long resp, long now, long expected) {
        Duration age = Age.current(H.f(headers), H.at(req), H.at(resp), H.at(now));
        assertThat(age).isEqualTo(Duration.ofSeconds(expected));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "-5,0", "12,12", "99999999999,2147483648"})
    void rfc9111_5_1_ageHeaderValueIsWholeSecondsCapped(long seconds, String expected) {
        assertThat(Age.headerValue(Duration.ofSeconds(seconds).plusMillis(900))).isEqualTo(expected);
    }
}
