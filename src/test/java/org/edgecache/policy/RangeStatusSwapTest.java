package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.RangeStatusSwap.OriginVerdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ATS behaviour §2.6, the 206 ↔ 200 table, row by row. */
class RangeStatusSwapTest {

    @ParameterizedTest(name = "origin {0}, -v {1}, -r {2}, storable {3}: {4}, cache sees {5}, may store {6}")
    @CsvSource({
        // 206: swapped blindly; with -v only if the cache's policy would store the 200
        "206, false, false, false, SWAPPED_TO_200,          200, true",
        "206, true,  false, true,  SWAPPED_TO_200,          200, true",
        "206, true,  false, false, KEPT_206_NOT_CACHEABLE,  206, false",
        // 200 to a range request: not stored unless -r (and -v changes nothing for a 200)
        "200, false, false, true,  COMPLETE_NOT_STORED,     200, false",
        "200, false, true,  true,  COMPLETE_STORED,         200, true",
        "200, true,  true,  false, COMPLETE_STORED,         200, true",
        // 304: the core refreshes the stored range object
        "304, false, false, false, NOT_MODIFIED,            304, true",
        // 416, errors and the rest pass through and are not stored
        "416, false, false, true,  PASSED_NOT_STORED,       416, false",
        "404, false, true,  true,  PASSED_NOT_STORED,       404, false",
        "500, true,  true,  true,  PASSED_NOT_STORED,       500, false",
        "301, false, false, true,  PASSED_NOT_STORED,       301, false",
    })
    void originLeg(int status, boolean verify, boolean complete, boolean storable, OriginVerdict expected,
            int cacheSees, boolean mayStore) {
        OriginVerdict v = RangeStatusSwap.onOriginResponse(status, verify, complete, () -> storable);
        assertThat(v).isEqualTo(expected);
        assertThat(v.status(status)).isEqualTo(cacheSees);
        assertThat(v.mayStore()).isEqualTo(mayStore);
    }

    @org.junit.jupiter.api.Test
    void cacheabilityIsAskedOnlyUnderVerifyCacheability() {
        RangeStatusSwap.onOriginResponse(206, false, false, () -> {
            throw new AssertionError("asked without -v");
        });
    }

    @ParameterizedTest(name = "cache answers {0} (origin: {1}, Content-Range: {2}) -> client {3}")
    @CsvSource(nullValues = "none", value = {
        // origin 206 swapped (miss): 206
        "200, SWAPPED_TO_200,         true,  206",
        // hit (no origin) or revalidated (304) and the object carries Content-Range: 206
        "200, none,                   true,  206",
        "200, NOT_MODIFIED,           true,  206",
        // origin answered the range with a full 200: stays 200 (E7, gold run 9)
        "200, COMPLETE_NOT_STORED,    false, 200",
        "200, COMPLETE_STORED,        false, 200",
        // a full 200 stored by -r and hit later: no Content-Range, stays 200
        "200, none,                   false, 200",
        // any other status passes untouched (304, 412, 416, 404, a 206 kept by -v)
        "304, none,                   false, 304",
        "412, none,                   false, 412",
        "416, PASSED_NOT_STORED,      true,  416",
        "206, KEPT_206_NOT_CACHEABLE, true,  206",
        "502, PASSED_NOT_STORED,      false, 502",
    })
    void clientLeg(int status, OriginVerdict origin, boolean contentRange, int expected) {
        assertThat(RangeStatusSwap.clientStatus(status, origin, contentRange)).isEqualTo(expected);
    }
}
