package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static Instant utc(String localDateTime) {
        return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
    }

    @ParameterizedTest(name = "[{index}] offset {0}, every {1} s, after {2} -> {3}")
    @CsvSource({
        // ATS's example: offset 12, every 4 h -> 12:00 16:00 20:00 00:00 04:00 08:00
        "12, 14400, 2026-03-10T10:00:00, 2026-03-10T12:00:00",
        "12, 14400, 2026-03-10T12:00:00, 2026-03-10T16:00:00",
        "12, 14400, 2026-03-10T11:59:59, 2026-03-10T12:00:00",
        "12, 14400, 2026-03-10T13:00:00, 2026-03-10T16:00:00",
        "12, 14400, 2026-03-10T21:30:00, 2026-03-11T00:00:00",
        "12, 14400, 2026-03-10T07:00:00, 2026-03-10T08:00:00",
        "12, 14400, 2026-03-10T09:00:00, 2026-03-10T12:00:00",
        // ATS's example: offset 13, every 24 h -> 13:00 daily
        "13, 86400, 2026-03-10T13:00:00, 2026-03-11T13:00:00",
        "13, 86400, 2026-03-10T12:59:59, 2026-03-10T13:00:00",
        "13, 86400, 2026-03-10T00:00:00, 2026-03-10T13:00:00",
        // every 7 h from midnight: 00 07 14 21, then the next day starts at 00 again
        "0,  25200, 2026-03-10T21:00:00, 2026-03-11T00:00:00",
        "0,  25200, 2026-03-10T20:59:59, 2026-03-10T21:00:00",
        "0,  25200, 2026-03-10T00:00:00, 2026-03-10T07:00:00",
        // every hour from 23:00, across midnight and the year's end
        "23, 3600,  2026-12-31T23:30:00, 2027-01-01T00:00:00",
        "23, 3600,  2026-12-31T22:59:00, 2026-12-31T23:00:00",
        // every second
        "5,  1,     2026-03-10T05:00:00, 2026-03-10T05:00:01",
    })
    void nextRunIsTheFirstGridTimeAfter(int hour, long seconds, String after, String expected) {
        assertThat(UpdateSchedule.next(hour, Duration.ofSeconds(seconds), utc(after), UTC)).isEqualTo(utc(expected));
    }

    @Test
    void theOffsetHourIsLocalTime() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 2026-07-01 is CEST (UTC+2): 13:00 local is 11:00 UTC
        assertThat(UpdateSchedule.next(13, Duration.ofDays(1), utc("2026-07-01T10:00:00"), paris))
                .isEqualTo(utc("2026-07-01T11:00:00"));
    }

    @Test
    void onADayWhoseOffsetHourDoesNotExistTheDayStartsAfterTheGap() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST (01:00 UTC); 02:30 local does not exist
        Instant next = UpdateSchedule.next(2, Duration.ofDays(1), utc("2026-03-28T23:00:00"), paris);
        assertThat(next).isEqualTo(utc("2026-03-29T01:00:00"));
    }

    @Test
    void runsAreDueFromTheirTimeOn() {
        Instant due = utc("2026-03-10T12:00:00");
        assertThat(UpdateSchedule.isDue(due, due.minusMillis(1))).isFalse();
        assertThat(UpdateSchedule.isDue(due, due)).isTrue();
        assertThat(UpdateSchedule.isDue(due, due.plusSeconds(5))).isTrue();
    }
}
