package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inspector's token: Authorization: Bearer, exact match; no token configured lets every call through. */
class AdminTokenTest {

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
        "Bearer s3cret;        true",
        "bearer s3cret;        true",
        "Bearer  s3cret ;      true",
        "Bearer s3cre;         false",
        "Bearer s3cret2;       false",
        "Bearer S3CRET;        false",
        "s3cret;               false",
        "Basic czNjcmV0;       false",
        "Bearer;               false",
        "NULL;                 false",
    })
    void acceptsOnlyTheConfiguredToken(String authorization, boolean accepted) {
        AdminToken token = AdminToken.of("s3cret");
        assertThat(token.required()).isTrue();
        assertThat(token.accepts(authorization)).isEqualTo(accepted);
    }

    @Test
    void withoutATokenEveryCallIsAccepted() {
        for (AdminToken none : new AdminToken[] {AdminToken.of(null), AdminToken.of("")}) {
            assertThat(none.required()).isFalse();
            assertThat(none.accepts(null)).isTrue();
            assertThat(none.accepts("Bearer anything")).isTrue();
        }
    }
}
