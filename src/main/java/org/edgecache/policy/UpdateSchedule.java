package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When is an {@code update.config} entry next due? Each day's updates start at the offset hour (local time in the
 * given zone) and repeat every interval until the next day's offset hour: offset 12 with 4 h gives 12:00, 16:00,
 * 20:00, 00:00, 04:00, 08:00 (ATS's own example); offset 13 with 24 h gives 13:00 daily; offset 0 with 7 h gives
 * 00:00, 07:00, 14:00, 21:00. On a day whose offset hour does not exist (a DST gap) the day starts at the first
 * instant after the gap.
 *
 * <p>ATS differs in a detail: it runs first at the next offset hour (a day later if started during that hour) and
 * then adds the interval forever, so an interval that does not divide 24 h drifts across days there.
 */
public final class UpdateSchedule {
    private UpdateSchedule() {
    }

    /** The first run time strictly after {@code after}. */
    public static Instant next(int offsetHour, Duration interval, Instant after, ZoneId zone) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        LocalDate today = after.atZone(zone).toLocalDate();
        Instant best = null;
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(1)); day = day.plusDays(1)) {
            Instant start = dayStart(day, offsetHour, zone);
            Instant end = dayStart(day.plusDays(1), offsetHour, zone);
            Instant candidate;
            if (after.isBefore(start)) {
                candidate = start;
            } else {
                long k = Duration.between(start, after).toNanos() / interval.toNanos() + 1;
                candidate = start.plus(interval.multipliedBy(k));
                if (!candidate.isBefore(end)) {
                    continue;
                }
            }
            if (best == null || candidate.isBefore(best)) {
                best = candidate;
            }
        }
        return best;
    }

    /** Whether a run due at {@code due} should start at {@code now}. */
    public static boolean isDue(Instant due, Instant now) {
        return !now.isBefore(due);
    }

    private static Instant dayStart(LocalDate day, int offsetHour, ZoneId zone) {
        return ZonedDateTime.of(day, LocalTime.of(offsetHour, 0), zone).toInstant();
    }
}
