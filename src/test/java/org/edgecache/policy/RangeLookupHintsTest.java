package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.edgecache.policy.Suitability.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cache_range_requests' lookup hints on top of the cache's verdict (ATS behaviour §2.8, §2.9). */
class RangeLookupHintsTest {
    private static final String STORED = "Date: @0 | ETag: \"e\"";

    @ParameterizedTest(name = "[{index}] {0} + ims {1} + ident {2} -> {3}")
    @CsvSource(delimiter = ';', nullValues = "none", value = {
        "FRESH;                           @100;  none;        MARKED_STALE",
        "FRESH;                           @-100; none;        FRESH",
        "STALE_WHILE_REVALIDATE;          @100;  none;        MARKED_STALE",
        // X-Crr-Ims never makes a stale object fresh
        "STALE;                           @-100; none;        STALE",
        // X-Crr-Ident flips both ways, and wins over X-Crr-Ims when it decides
        "STALE;                           none;  Etag \"e\";  MARKED_FRESH",
        "MUST_REVALIDATE_STALE;           none;  Etag \"e\";  MARKED_FRESH",
        "MUST_REVALIDATE_NO_CACHE_RESPONSE; none; Etag \"e\"; MARKED_FRESH",
        "FRESH;                           none;  Etag \"x\";  MARKED_STALE",
        "STALE;                           @100;  Etag \"e\";  MARKED_FRESH",
        "FRESH;                           @100;  Etag \"e\";  MARKED_STALE",
        // revalidation the client asked for is never skipped; forwards are left alone
        "MUST_REVALIDATE_CLIENT_NO_CACHE; none;  Etag \"e\";  MUST_REVALIDATE_CLIENT_NO_CACHE",
        "CLIENT_MAX_AGE_EXCEEDED;         none;  Etag \"e\";  CLIENT_MAX_AGE_EXCEEDED",
        "AUTHORIZATION_NOT_ALLOWED;       @100;  Etag \"x\";  AUTHORIZATION_NOT_ALLOWED",
        "FRESH;                           none;  none;        FRESH",
    })
    void hints(Verdict core, String ims, String ident, Verdict expected) {
        Suitability.Result verdict = new Suitability.Result(core, Duration.ofSeconds(5),
                new Freshness.Lifetime(Duration.ofSeconds(60), Freshness.Source.MAX_AGE));
        String imsValue = ims == null ? null : H.f("X: " + ims).get("X");
        Suitability.Result r = RangeLookupHints.apply(verdict, 200, H.f(STORED), imsValue, ident);
        assertThat(r.verdict()).isEqualTo(expected);
        assertThat(r.age()).isEqualTo(verdict.age());
        assertThat(r.lifetime()).isEqualTo(verdict.lifetime());
    }
}
