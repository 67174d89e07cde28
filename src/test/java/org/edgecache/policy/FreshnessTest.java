package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.edgecache.policy.Freshness.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {

    private static final CacheSettings SEED = CacheSettings.defaults();

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2} {3}")
    @CsvSource(delimiter = ';', value = {
        // RFC 9111 §4.2.1 precedence in a shared cache: s-maxage > max-age > Expires > heuristic
        "200; Cache-Control: max-age=60, s-maxage=120 | Expires: @300 | Date: @0;  S_MAXAGE; 120",
        "200; Cache-Control: max-age=60 | Expires: @300 | Date: @0;                MAX_AGE;  60",
        "200; Expires: @300 | Date: @0 | Last-Modified: @-100000;                  EXPIRES;  300",
        // invalid max-age is stale, not a fallback to Expires
        "200; Cache-Control: max-age=abc | Expires: @300 | Date: @0;               MAX_AGE;  0",
        "200; Cache-Control: max-age=10, max-age=20 | Date: @0;                    MAX_AGE;  0",
        "200; Cache-Control: s-maxage=-1, max-age=60 | Date: @0;                   S_MAXAGE; 0",
        // Expires: invalid (e.g. 0) or not after Date means already expired (RFC 9111 §5.3)
        "200; Expires: 0 | Date: @0;                                               EXPIRES;  0",
        "200; Expires: @-10 | Date: @0;                                            EXPIRES;  0",
        "200; Expires: @300 | Expires: @600 | Date: @0;                            EXPIRES;  0",
        "200; Expires: @300 | Expires: @300 | Date: @0;                            EXPIRES;  300",
        // seed heuristic: (Date - Last-Modified) * 0.10 within [3600, 86400]
        "200; Date: @0 | Last-Modified: @-100000;                                  HEURISTIC; 10000",
        "200; Date: @0 | Last-Modified: @-3600;                                    HEURISTIC; 3600",
        "200; Date: @0 | Last-Modified: @-8640000;                                 HEURISTIC; 86400",
        "200; Date: @0 | Last-Modified: @500;                                      HEURISTIC; 3600",
        // seed: no Last-Modified means "time written to cache", i.e. the floor
        "200; Date: @0;                                                            HEURISTIC; 3600",
        // RFC 9111 §4.2.2: heuristics only for heuristically cacheable statuses or public
        "404; Date: @0 | Last-Modified: @-100000;                                  HEURISTIC; 10000",
        "302; Date: @0 | Last-Modified: @-100000;                                  NONE;      0",
        "500; Date: @0 | Last-Modified: @-100000;                                  NONE;      0",
        "302; Date: @0 | Last-Modified: @-100000 | Cache-Control: public;          HEURISTIC; 10000",
        "302; Cache-Control: max-age=30;                                           MAX_AGE;   30",
    })
    void rfc9111_4_2_1_and_seed_lifetime(int status, String headers, Source source, long seconds) {
        Freshness.Lifetime l = Freshness.lifetime(status, H.f(headers), SEED);
        assertThat(l.source()).isEqualTo(source);
        assertThat(l.value()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void rfc9111_4_2_2_withoutLastModifiedThereIsNoHeuristicInTheRfcPreset() {
        assertThat(Freshness.lifetime(200, H.f("Date: @0"), CacheSettings.rfc9111())).isEqualTo(Freshness.Lifetime.NONE);
        Freshness.Lifetime l = Freshness.lifetime(200, H.f("Date: @0 | Last-Modified: @-100"), CacheSettings.rfc9111());
        assertThat(l).isEqualTo(new Freshness.Lifetime(Duration.ofSeconds(10), Source.HEURISTIC));
    }

    @Test
    void heuristicLmFactorIsAKnob() {
        CacheSettings s = SEED.toBuilder().heuristicLmFactor(0.5).build();
        assertThat(Freshness.lifetime(200, H.f("Date: @0 | Last-Modified: @-100000"), s).value())
                .isEqualTo(Duration.ofSeconds(50000));
    }

    @Test
    void rfc9111_4_2_1_missingDateUsesTheResponseTime() {
        Freshness.Lifetime l = Freshness.lifetime(200, H.f("Expires: @300"), H.at(100), SEED);
        assertThat(l).isEqualTo(new Freshness.Lifetime(Duration.ofSeconds(200), Source.EXPIRES));
        assertThat(Freshness.lifetime(200, H.f("Expires: @300"), SEED).value()).isZero();
        Freshness.Lifetime h = Freshness.lifetime(200, H.f("Last-Modified: @-100000"), H.at(0), SEED);
        assertThat(h.value()).isEqualTo(Duration.ofSeconds(10000));
    }

    @Test
    void lifetimeKindsAreReported() {
        assertThat(new Freshness.Lifetime(Duration.ZERO, Source.EXPIRES).isExplicit()).isTrue();
        assertThat(new Freshness.Lifetime(Duration.ZERO, Source.HEURISTIC).isHeuristic()).isTrue();
        assertThat(Freshness.Lifetime.NONE.isExplicit()).isFalse();
    }
}
