package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpDatesTest {

    private static final Instant NOV_6_1994 = Instant.parse("1994-11-06T08:49:37Z");

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "Sun, 06 Nov 1994 08:49:37 GMT",   // IMF-fixdate
        "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
        "Sun Nov  6 08:49:37 1994",        // asctime
        "  Sun, 06 Nov 1994 08:49:37 GMT\t",
        "SUN, 06 NOV 1994 08:49:37 gmt",
    })
    void rfc9110_5_6_7_recipientsAcceptAllThreeFormats(String text) {
        assertThat(HttpDates.parse(text)).contains(NOV_6_1994);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
        "", "0", "-1", "garbage", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT",
        "Sun, 06-Nov-1994 08:49:37 GMT", "Sun, 06 Nov 1994 08.49.37 GMT", "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06  Nov  1994 08:49:37 GMT", "Sun, 30 Feb 1994 08:49:37 GMT",
    })
    void rfc9110_5_6_7_invalidDatesGiveEmptyAndNeverThrow(String text) {
        assertThat(HttpDates.parse(text)).isEmpty();
    }

    @Test
    void nullIsNotADate() {
        assertThat(HttpDates.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} at {1} -> {2}")
    @CsvSource({
        "'Sunday, 06-Nov-94 08:49:37 GMT', 2026-01-01T00:00:00Z, 1994-11-06T08:49:37Z",
        "'Thursday, 18-Aug-50 02:01:18 GMT', 2026-01-01T00:00:00Z, 2050-08-18T02:01:18Z",
        "'Thursday, 18-Aug-77 02:01:18 GMT', 2026-01-01T00:00:00Z, 1977-08-18T02:01:18Z",
        "'Friday, 18-Aug-76 02:01:18 GMT', 2026-01-01T00:00:00Z, 2076-08-18T02:01:18Z",
    })
    void rfc9110_5_6_7_twoDigitYearMoreThan50YearsAheadIsInThePast(String text, Instant now, Instant expected) {
        assertThat(HttpDates.parse(text, now)).contains(expected);
    }

    @Test
    void leapSecondIsReadAsTheSecondBefore() {
        assertThat(HttpDates.parse("Wed, 31 Dec 2016 23:59:60 GMT")).contains(Instant.parse("2016-12-31T23:59:59Z"));
    }

    @ParameterizedTest
    @CsvSource({
        "1994-11-06T08:49:37Z, 'Sun, 06 Nov 1994 08:49:37 GMT'",
        "2026-03-01T00:00:05.900Z, 'Sun, 01 Mar 2026 00:00:05 GMT'",
    })
    void rfc9110_5_6_7_sendersGenerateImfFixdate(Instant instant, String expected) {
        assertThat(HttpDates.format(instant)).isEqualTo(expected);
        assertThat(HttpDates.parse(expected)).contains(instant.with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0));
    }
}
