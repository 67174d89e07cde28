package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AbsoluteFormTest {
    @ParameterizedTest
    @CsvSource({
        "public.example,   public.example:8080,  origin.example, false",
        "evil.example,     public.example,       origin.example, true",
        "origin.example,   public.example,       origin.example, false",
        "ORIGIN.example,   public.example,       origin.example, false",
        "[::1],            '[::1]:8080',         origin.example, false",
    })
    void aTargetHostOtherThanHostAndOriginIsForeign(String target, String host, String origin, boolean foreign) {
        assertThat(AbsoluteForm.namesForeignHost(target, host, origin)).isEqualTo(foreign);
    }
}
