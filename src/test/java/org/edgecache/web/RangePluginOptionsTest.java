package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** cache_range_requests' options (ATS behaviour §2.7), as pparam strings and as init-params. */
class RangePluginOptionsTest {

    private static RangePluginOptions pparam(String arguments) {
        return RangePluginOptions.parse("filter 'crr': parameter 'pparam'", arguments);
    }

    private static RangePluginOptions init(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return RangePluginOptions.from(new Params("filter 'crr'", m::get, n -> null), m.keySet());
    }

    /** Every example of seed 001, global and remap forms: long and short both work (in ATS the short ones don't). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "-p;                          ps",
        "--ps-cachekey;               ps",
        "@pparam=--ps-cachekey;       ps",
        "@pparam=-p;                  ps",
        "--consider-ims;              ims",
        "-c;                          ims",
        "--verify-cacheability;       verify",
        "-v;                          verify",
        "--cache-complete-responses;  complete",
        "-r;                          complete",
    })
    void theSeedsExamples(String arguments, String which) {
        RangePluginOptions o = pparam(arguments);
        assertThat(o.psCacheKey()).isEqualTo(which.equals("ps"));
        assertThat(o.considerIms()).isEqualTo(which.equals("ims"));
        assertThat(o.verifyCacheability()).isEqualTo(which.equals("verify"));
        assertThat(o.cacheCompleteResponses()).isEqualTo(which.equals("complete"));
        assertThat(o.noModifyCacheKey()).isFalse();
        assertThat(o.considerIdent()).isFalse();
        assertThat(o.imsHeader()).isEqualTo("X-Crr-Ims");
    }

    @Test
    void noArgumentsAreTheDefaults() {
        assertThat(pparam("")).isEqualTo(RangePluginOptions.defaults());
        assertThat(pparam("   ")).isEqualTo(RangePluginOptions.defaults());
        assertThat(init()).isEqualTo(RangePluginOptions.defaults());
    }

    @Test
    void theDocsConfigurationExampleWithBundledAndSeparateShortOptions() {
        RangePluginOptions o = pparam("-p -c -n");
        assertThat(o.psCacheKey()).isTrue();
        assertThat(o.considerIms()).isTrue();
        assertThat(o.noModifyCacheKey()).isTrue();
        assertThat(pparam("-pcn")).isEqualTo(o);
        assertThat(pparam("-vrd")).isEqualTo(new RangePluginOptions(false, false, true, true, false, "X-Crr-Ims",
                true, "X-Crr-Ident"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--ims-header=CrrIms", "--ims-header CrrIms", "-i CrrIms", "-iCrrIms", "-ci CrrIms",
        "@pparam=--ims-header=CrrIms"})
    void aCustomImsHeaderImpliesConsiderIms(String arguments) {
        RangePluginOptions o = pparam(arguments);
        assertThat(o.considerIms()).isTrue();
        assertThat(o.imsHeader()).isEqualTo("CrrIms");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--ident-header=CrrIdent", "--ident-header CrrIdent", "-j CrrIdent", "-jCrrIdent"})
    void aCustomIdentHeaderImpliesConsiderIdent(String arguments) {
        RangePluginOptions o = pparam(arguments);
        assertThat(o.considerIdent()).isTrue();
        assertThat(o.identHeader()).isEqualTo("CrrIdent");
        assertThat(o.considerIms()).isFalse();
    }

    @Test
    void theDeprecatedPositionalPsModeAndGetoptAbbreviations() {
        assertThat(pparam("ps_mode:cache_key_url").psCacheKey()).isTrue();
        assertThat(pparam("--verify").verifyCacheability()).isTrue();
        assertThat(pparam("--ps").psCacheKey()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "-x;                          unknown option '-x'",
        "-px;                         unknown option '-x'",
        "--bogus;                     unknown option '--bogus'",
        "--c;                         unknown option '--c'",            // ambiguous abbreviation
        "--PS-CACHEKEY;               unknown option '--PS-CACHEKEY'",  // getopt_long is case-sensitive
        "verify-cacheability;         unknown option 'verify-cacheability'",
        "--ps-cachekey=yes;           --ps-cachekey takes no value",
        "--ims-header;                --ims-header without a value",
        "-i;                          --ims-header without a value",
        "--ims-header=;               --ims-header=''",
        "--ident-header=X:Y;          --ident-header='X:Y'",
    })
    void badArgumentsFailWithTheOptionTheStringAndWhatIsAllowed(String arguments, String message) {
        assertThatThrownBy(() -> pparam(arguments))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'crr': parameter 'pparam'")
                .hasMessageContaining(message)
                .hasMessageContaining("(in '" + arguments.trim() + "')");
    }

    @Test
    void anUnknownOptionListsEveryAllowedOne() {
        assertThatThrownBy(() -> pparam("-z")).hasMessageContaining("--ps-cachekey (-p)")
                .hasMessageContaining("--no-modify-cachekey (-n)").hasMessageContaining("--verify-cacheability (-v)")
                .hasMessageContaining("--cache-complete-responses (-r)").hasMessageContaining("--consider-ims (-c)")
                .hasMessageContaining("--ims-header=<name> (-i <name>)").hasMessageContaining("--consider-ident (-d)")
                .hasMessageContaining("--ident-header=<name> (-j <name>)");
    }

    @Test
    void initParamsNamedAfterTheLongOptions() {
        RangePluginOptions o = init("ps-cachekey", "true", "verify-cacheability", "true", "cache-complete-responses",
                "false", "ims-header", "X-Foo", "consider-ident", "true");
        assertThat(o).isEqualTo(new RangePluginOptions(true, false, true, false, true, "X-Foo", true, "X-Crr-Ident"));
        assertThat(init("no-modify-cachekey", "true").noModifyCacheKey()).isTrue();
        assertThat(init("consider-ims", "true").considerIms()).isTrue();
        assertThat(init("ident-header", "CrrIdent").identHeader()).isEqualTo("CrrIdent");
    }

    @Test
    void anOptionInPparamWinsOverItsInitParamAndTheOthersStillApply() {
        RangePluginOptions o = init("pparam", "--ps-cachekey -v -i CrrIms", "verify-cacheability", "false",
                "consider-ims", "false", "ims-header", "Other", "cache-complete-responses", "true");
        assertThat(o.psCacheKey()).isTrue();
        assertThat(o.verifyCacheability()).isTrue();
        assertThat(o.considerIms()).isTrue();
        assertThat(o.imsHeader()).isEqualTo("CrrIms");
        assertThat(o.cacheCompleteResponses()).isTrue();
    }

    @Test
    void anUnknownInitParamFailsNamingItAndTheAllowedOnes() {
        assertThatThrownBy(() -> init("verify", "true"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'crr'").hasMessageContaining("unknown init-param 'verify'")
                .hasMessageContaining("pparam, ps-cachekey, no-modify-cachekey, verify-cacheability");
    }

    @Test
    void aBadFlagOrHeaderValueNamesTheParameter() {
        assertThatThrownBy(() -> init("ps-cachekey", "sometimes"))
                .hasMessageContaining("'ps-cachekey' has the value 'sometimes'").hasMessageContaining("true or false");
        assertThatThrownBy(() -> init("ims-header", "not a header"))
                .hasMessageContaining("'ims-header' has the value 'not a header'")
                .hasMessageContaining("a header field name");
    }

    @Test
    void aBadPparamInitParamNamesTheFilterAndTheParameter() {
        assertThatThrownBy(() -> init("pparam", "--ps-cachekey -q"))
                .hasMessageContaining("filter 'crr': parameter 'pparam' has the unknown option '-q'");
    }
}
