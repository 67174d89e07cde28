package org.edgecache.policy;

import java.time.Instant;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * Test shorthand for header lists: {@code "Cache-Control: max-age=1 | Date: @-10"}; lines separated by
 * {@code |}; {@code @N} is the HTTP-date N seconds after {@link #T0}; blank or {@code -} is no fields.
 */
final class H {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private H() {
    }

    static HttpFields f(String spec) {
        HttpFields.Builder b = HttpFields.builder();
        if (spec == null || spec.isBlank() || spec.strip().equals("-")) {
            return b.build();
        }
        for (String line : spec.split("\\|")) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (value.startsWith("@")) {
                value = HttpDates.format(at(Long.parseLong(value.substring(1))));
            }
            b.add(name, value);
        }
        return b.build();
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
