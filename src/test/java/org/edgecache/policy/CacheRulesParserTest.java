package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ATS's cache.config syntax (ATS behaviour §5.15; CacheControl.cc, ControlBase.cc). */
class CacheRulesParserTest {

    @Test
    void theSeedsExamplesParseAsWritten() throws Exception {
        CacheRules rules = CacheRulesParser.parse("""
                # seed: Forcing Object Caching
                url_regex=^https?://(www.)?apache.org/dev/ ttl-in-cache=6h

                # seed: Pinning Content in the Cache
                url_regex=^https?://(www.)?apache.org/dev/ pin-in-cache=12h
                """);
        assertThat(rules.rules()).hasSize(2);
        CacheRule ttl = rules.rules().get(0);
        assertThat(ttl.line()).isEqualTo(2);
        assertThat(ttl.directive()).isEqualTo(CacheRule.Directive.TTL_IN_CACHE);
        assertThat(ttl.argument()).isEqualTo(Duration.ofHours(6));
        CacheRule pin = rules.rules().get(1);
        assertThat(pin.line()).isEqualTo(5);
        assertThat(pin.directive()).isEqualTo(CacheRule.Directive.PIN_IN_CACHE);
        assertThat(pin.argument()).isEqualTo(Duration.ofHours(12));
        assertThat(pin.text()).isEqualTo("url_regex=^https?://(www.)?apache.org/dev/ pin-in-cache=12h");
    }

    @Test
    void everyPrimarySecondaryDirectiveAndTheTweakParse() throws Exception {
        CacheRules rules = CacheRulesParser.parse("""
                dest_domain=example.com action=never-cache
                dest_host=www.example.com port=80 scheme=http action=ignore-no-cache
                dest_ip=10.0.0.0/8 method=get action=ignore-client-no-cache
                host_regex=^img[0-9]+\\. prefix=/static/ suffix=.png,.jpg action=ignore-server-no-cache
                URL_REGEX=".*" time=08:00-17:30:30 src_ip=192.168.0.1-192.168.0.9 revalidate=1h15m20s
                dest_domain=example.com iport=8080 internal=false ttl-in-cache=90 cache-responses-to-cookies=1
                dest_domain=example.com action=standard-cache
                \tdest_domain=example.com   pin-in-cache=1d   
                """);
        assertThat(rules.rules()).extracting(CacheRule::directive).containsExactly(
                CacheRule.Directive.NEVER_CACHE, CacheRule.Directive.IGNORE_NO_CACHE,
                CacheRule.Directive.IGNORE_CLIENT_NO_CACHE, CacheRule.Directive.IGNORE_SERVER_NO_CACHE,
                CacheRule.Directive.REVALIDATE, CacheRule.Directive.TTL_IN_CACHE, CacheRule.Directive.STANDARD_CACHE,
                CacheRule.Directive.PIN_IN_CACHE);
        assertThat(rules.rules().get(4).argument()).isEqualTo(Duration.ofSeconds(4520));
        assertThat(rules.rules().get(5).cookies()).isEqualTo(1);
        assertThat(rules.rules().get(5).argument()).isEqualTo(Duration.ofSeconds(90));
    }

    @ParameterizedTest(name = "[{index}] {0} = {1} s")
    @CsvSource({"1d, 86400", "6h, 21600", "12h, 43200", "1h15m20s, 4520", "90, 90", "2m, 120", "1D2H, 93600",
        "1h30, 3630", "0, 0", "45s, 45"})
    void durations(String text, long seconds) {
        assertThat(CacheRulesParser.duration("ttl-in-cache", text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    /** Each bad line fails the whole file naming its line number and why. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "url_regex=^/x/                                  | no directive",
        "ttl-in-cache=6h                                 | no primary destination",
        "dest_domain=a.com url_regex=x action=never-cache | two primary destinations",
        "dest_domain=a.com ttl-in-cache=1h pin-in-cache=1h | two directives",
        "dest_domain=a.com action=cache-everything       | unknown action 'cache-everything'",
        "dest_domain=a.com ttl-in-cache=6x               | not a duration",
        "dest_domain=a.com ttl-in-cache=h                | not a duration",
        "dest_domain=a.com revalidate=                   | has no value",
        "dest_domain=a.com colour=red action=never-cache | unknown name 'colour'",
        "dest_domain=a.com port=0 action=never-cache     | not a port",
        "dest_domain=a.com port=90-80 action=never-cache | not a port",
        "dest_domain=a.com scheme=ftp action=never-cache | not http or https",
        "dest_domain=a.com time=25:00-26:00 action=never-cache | not a time of day",
        "dest_domain=a.com time=08:00 action=never-cache | not a range",
        "dest_ip=10.0.0.300 action=never-cache           | not an IP address",
        "dest_ip=example.com action=never-cache          | not an IP address",
        "dest_domain=a.com src_ip=10.0.0.0/33 action=never-cache | prefix length",
        "url_regex=([a action=never-cache                | not a valid regular expression",
        "dest_domain=a.com cache-responses-to-cookies=5 action=never-cache | not 0, 1, 2, 3 or 4",
        "dest_domain=a.com internal=maybe action=never-cache | not true or false",
        "dest_domain=a.com tag=x action=never-cache      | tag= is not supported",
        "dest_domain=a.com port=80 port=81 action=never-cache | given twice",
        "dest_domain=a.com action                        | is not name=value",
        "url_regex=\"^/a b action=never-cache            | no closing quote",
    })
    void badLinesFailWithTheirLineNumberAndReason(String line, String reason) {
        String file = "# a comment\n\ndest_domain=ok.example ttl-in-cache=1h\n" + line.strip() + "\n";
        assertThatThrownBy(() -> CacheRulesParser.parse(file))
                .isInstanceOfSatisfying(CacheRulesException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.reason()).contains(reason.strip());
                    assertThat(e.getMessage()).startsWith("line 4: ").contains(line.strip());
                });
    }

    @Test
    void anEmptyOrCommentOnlyFileHasNoRules() throws Exception {
        assertThat(CacheRulesParser.parse("").isEmpty()).isTrue();
        assertThat(CacheRulesParser.parse("# nothing\n   # here\r\n\n").isEmpty()).isTrue();
    }
}
