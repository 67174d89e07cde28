package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.edgecache.policy.StaleOnError.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaleOnErrorTest {

    private static final CacheSettings MAX_STALE_10 = CacheSettings.builder().maxStaleAge(Duration.ofSeconds(10)).build();

    /** max_stale_age = 10 s (as in ATS's proxy_serve_stale gold test). */
    @ParameterizedTest(name = "[{index}] [{0}] [{1}] at {2}s = {3}")
    @CsvSource(delimiter = ';', value = {
        "-; Date: @0 | Cache-Control: max-age=2;                   4;  SERVE_STALE",
        "-; Date: @0 | Cache-Control: max-age=2;                   12; SERVE_STALE",
        "-; Date: @0 | Cache-Control: max-age=2;                   13; TOO_STALE",
        "-; Date: @0 | Cache-Control: max-age=2, stale-if-error=60; 50; SERVE_STALE",
        "-; Date: @0 | Cache-Control: max-age=2, stale-if-error=5;  13; TOO_STALE",
        "-; Date: @0 | Cache-Control: max-age=2, must-revalidate;  4;  MUST_REVALIDATE",
        "-; Date: @0 | Cache-Control: max-age=2, proxy-revalidate; 4;  PROXY_REVALIDATE",
        "-; Date: @0 | Cache-Control: max-age=2, no-cache;         4;  NO_CACHE",
        "-; Date: @0 | Pragma: no-cache;                           4;  NO_CACHE",
        "-; Date: @0 | Cache-Control: max-age=2, no-store;         4;  NO_STORE",
        "-; Date: @0 | Cache-Control: s-maxage=2;                  4;  S_MAXAGE",
        "Authorization: x; Date: @0 | Cache-Control: max-age=2;    4;  AUTHORIZATION",
        "Authorization: x; Date: @0 | Cache-Control: max-age=2, public; 4; SERVE_STALE",
    })
    void seedServesStaleWithWarning111WhenTheOriginIsDown(String req, String resp, long age, Verdict expected) {
        StaleOnError.Result r = StaleOnError.assess(RequestView.get(H.f(req)),
                StoredView.of(200, H.f(resp), H.T0, H.T0), H.at(age), MAX_STALE_10);
        assertThat(r.verdict()).isEqualTo(expected);
        assertThat(r.addWarning111()).isEqualTo(expected == Verdict.SERVE_STALE);
        assertThat(r.age()).isEqualTo(Duration.ofSeconds(age));
    }

    @Test
    void defaultWindowIsASevenDayMaxStaleAge() {
        StoredView stored = StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=0"), H.T0, H.T0);
        assertThat(StaleOnError.assess(RequestView.get(H.f("-")), stored, H.at(604800), CacheSettings.defaults())
                .verdict()).isEqualTo(Verdict.SERVE_STALE);
        assertThat(StaleOnError.assess(RequestView.get(H.f("-")), stored, H.at(604801), CacheSettings.defaults())
                .verdict()).isEqualTo(Verdict.TOO_STALE);
        assertThat(StaleOnError.assess(new RequestView("POST", H.f("-")), stored, H.T0, CacheSettings.defaults())
                .verdict()).isEqualTo(Verdict.METHOD_MISMATCH);
    }

    @Test
    void warningValue() {
        assertThat(StaleOnError.warning111("edgecache")).isEqualTo("111 edgecache \"Revalidation Failed\"");
    }

    @ParameterizedTest(name = "{0} to a stored [{1}] is an error answer: {2}")
    @CsvSource(delimiter = ';', value = {
        "500; Cache-Control: max-age=0, stale-if-error=60; true",
        "502; Cache-Control: max-age=0, stale-if-error=60; true",
        "503; Cache-Control: max-age=0, stale-if-error=60; true",
        "504; Cache-Control: max-age=0, stale-if-error=60; true",
        "501; Cache-Control: max-age=0, stale-if-error=60; false",
        "404; Cache-Control: max-age=0, stale-if-error=60; false",
        "200; Cache-Control: max-age=0, stale-if-error=60; false",
        "503; Cache-Control: max-age=0; false",
    })
    void rfc5861_4_serverErrorsCountOnlyWithStaleIfError(int status, String stored, boolean expected) {
        assertThat(StaleOnError.isErrorAnswer(status, H.f(stored))).isEqualTo(expected);
    }
}
