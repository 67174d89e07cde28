package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seed 001 "X-CRR-IMS header support"; ATS behaviour §2.8 and E13. */
class CrrImsTest {

    @ParameterizedTest(name = "X-Crr-Ims: {0}, stored [{1}] -> stale {2}")
    @CsvSource(delimiter = ';', nullValues = "none", value = {
        // header date after the stored Date: stale (E13 "100 s in the future")
        "@100;                           Date: @0;  true",
        // header date before or equal: stays fresh (E13 "in the past")
        "@-100;                          Date: @0;  false",
        "@0;                             Date: @0;  false",
        // unparseable: ignored (E13)
        "yesterday;                      Date: @0;  false",
        "none;                           Date: @0;  false",
        // the epoch date counts as absent (ATS: a date > 0)
        "Thu, 01 Jan 1970 00:00:00 GMT;  -;         false",
        // a stored response without Date counts as dated at the epoch
        "@0;                             -;         true",
        // the seed's own example value, against an object stored before it
        "Tue, 19 Nov 2019 13:26:45 GMT;  Date: Mon, 18 Nov 2019 00:00:00 GMT; true",
    })
    void aFreshObjectOlderThanTheHeaderDateIsMarkedStale(String ims, String stored, boolean stale) {
        String value = ims != null && ims.startsWith("@") ? H.f("X: " + ims).get("X") : ims;
        assertThat(CrrIms.marksStale(value, H.f(stored))).isEqualTo(stale);
    }
}
