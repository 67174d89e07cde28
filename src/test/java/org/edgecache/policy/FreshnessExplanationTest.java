package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inspector's freshness explanation: one row per source of a lifetime, with the default (seed) knobs. */
class FreshnessExplanationTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static String date(long offsetSeconds) {
        return HttpDates.format(T0.plusSeconds(offsetSeconds));
    }

    /** {@code Name: value | Name: value}, with {@code @n} standing for the date T0 + n seconds. */
    private static HttpFields fields(String spec) {
        HttpFields.Builder b = HttpFields.builder();
        for (String f : spec.split("\\|")) {
            String[] nv = f.split(":", 2);
            String v = nv[1].strip();
            b.add(nv[0].strip(), v.startsWith("@") ? date(Long.parseLong(v.substring(1))) : v);
        }
        return b.build();
    }

    /**
     * Columns: stored response fields; cache.config rule (ttl / revalidate seconds, or -); age; lifetime; source;
     * detail; fresh; what the reason says.
     */
    @ParameterizedTest(name = "[{index}] {0} rule {1} at {2}s: {3}s {4}/{5}")
    @CsvSource(delimiter = ';', value = {
        "Date: @0 | Cache-Control: max-age=600; -; 10; 600; EXPLICIT; MAX_AGE; true; max-age=600",
        "Date: @0 | Cache-Control: max-age=600, s-maxage=60; -; 10; 60; EXPLICIT; S_MAXAGE; true; s-maxage=60",
        "Date: @0 | Expires: @300; -; 400; 300; EXPLICIT; EXPIRES; false; Expires",
        "Date: @0 | Last-Modified: @-1000000; -; 0; 86400; HEURISTIC; HEURISTIC; true; 10% of the time since",
        "Date: @0 | Last-Modified: @-100000; -; 0; 10000; HEURISTIC; HEURISTIC; true; heuristic_min_lifetime 3600s",
        "Date: @0; -; 0; 3600; HEURISTIC; HEURISTIC; true; no Last-Modified",
        "Date: @0 | Cache-Control: max-age=600; ttl=30; 40; 30; RULE; TTL_IN_CACHE; false; ttl-in-cache=30s",
        "Date: @0 | Cache-Control: max-age=600; revalidate=20; 10; 20; RULE; REVALIDATE; true; revalidate=20s",
        "Date: @0 | Status: 302; -; 0; 0; NONE; NONE; false; no lifetime",
    })
    void explainsWhereTheLifetimeCameFrom(String response, String rule, long age, long lifetime,
            FreshnessExplanation.Source source, Freshness.Source detail, boolean fresh, String reason) {
        CacheSettings settings = CacheSettings.defaults();
        if (rule.startsWith("ttl=")) {
            settings = settings.toBuilder().directives(new CacheDirectives(false,
                    Duration.ofSeconds(Long.parseLong(rule.substring(4))), null, null)).build();
        } else if (rule.startsWith("revalidate=")) {
            settings = settings.toBuilder().directives(new CacheDirectives(false, null,
                    Duration.ofSeconds(Long.parseLong(rule.substring(11))), null)).build();
        }
        // a pseudo-field "Status" gives the stored status (200 without it): a 302 is not heuristically cacheable
        HttpFields headers = fields(response);
        int status = headers.contains("Status") ? Integer.parseInt(headers.get("Status")) : 200;
        FreshnessExplanation e = FreshnessExplanation.explain(status, headers.without("Status"), T0, T0,
                T0.plusSeconds(age), settings);
        assertThat(e.lifetime()).isEqualTo(Duration.ofSeconds(lifetime));
        assertThat(e.source()).isEqualTo(source);
        assertThat(e.detail()).isEqualTo(detail);
        assertThat(e.fresh()).isEqualTo(fresh);
        assertThat(e.reason()).contains(reason);
        assertThat(e.age()).isEqualTo(Duration.ofSeconds(age));
    }
}
