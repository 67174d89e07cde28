package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.CrrIdent.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ATS behaviour §2.9: the gold test cache_range_requests_ident, row by row. */
class CrrIdentTest {
    private static final String BOTH = "ETag: \"abc\" | Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT";
    private static final String LM_ONLY = "Last-Modified: Mon, 01 Jan 2024 00:00:00 GMT";

    @ParameterizedTest(name = "[{index}] X-Crr-Ident: {0}; stored {1} {2}; fresh {3} -> {4}")
    @CsvSource(delimiter = ';', nullValues = "none", value = {
        // object with ETag and Last-Modified, stale by age
        "Etag \"abc\";                              200; BOTH;    false; MARK_FRESH",
        "Last-Modified Mon, 01 Jan 2024 00:00:00 GMT; 200; BOTH;    false; KEEP",
        "Etag \"bad\";                              200; BOTH;    false; KEEP",
        // Last-Modified only
        "Last-Modified Mon, 01 Jan 2024 00:00:00 GMT; 200; LM_ONLY; false; MARK_FRESH",
        "Etag \"abc\";                              200; LM_ONLY; false; KEEP",
        "Etag \"abc\";                              200; LM_ONLY; true;  MARK_STALE",
        // fresh object
        "Etag not_the_same;                         200; BOTH;    true;  MARK_STALE",
        "Etag \"abc\";                              200; BOTH;    true;  KEEP",
        "Stale;                                     200; BOTH;    true;  MARK_STALE",
        "Stale;                                     200; BOTH;    false; KEEP",
        // exact comparison: the prefix is case-sensitive, quotes count
        "etag \"abc\";                              200; BOTH;    true;  KEEP",
        "Etag abc;                                  200; BOTH;    true;  MARK_STALE",
        // anything else is ignored; only stored 200s; no identity stored: nothing
        "whatever;                                  200; BOTH;    true;  KEEP",
        "none;                                      200; BOTH;    true;  KEEP",
        "Etag \"bad\";                              404; BOTH;    true;  KEEP",
        "Etag \"bad\";                              200; NONE;    true;  KEEP",
    })
    void identity(String ident, int status, String stored, boolean fresh, Outcome expected) {
        String fields = switch (stored) {
            case "BOTH" -> BOTH;
            case "LM_ONLY" -> LM_ONLY;
            default -> "-";
        };
        assertThat(CrrIdent.assess(ident, status, H.f(fields), fresh)).isEqualTo(expected);
    }
}
