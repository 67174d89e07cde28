package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which cache.config lines match a request, and ATS's precedence between the lines that do. */
class CacheRulesTest {

    /** GET http://www.example.com/dev/docs/index.html?x=1 from 192.168.1.10 to origin 10.1.2.3, port 80, at noon. */
    static RuleRequest request() {
        return request("http://www.example.com/dev/docs/index.html?x=1", "GET", LocalTime.NOON);
    }

    static RuleRequest request(String url, String method, LocalTime time) {
        java.net.URI u = java.net.URI.create(url);
        int port = u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80;
        return new RuleRequest(url, u.getScheme(), u.getHost(), port, u.getRawPath(), method, ip("192.168.1.10"),
                ip("10.1.2.3"), 8080, false, time);
    }

    static InetAddress ip(String literal) {
        return CacheRulesParser.literalAddress(literal);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "url_regex=^https?://(www.)?example.com/dev/  | true",
        "url_regex=^https?://(www.)?apache.org/dev/   | false",
        "url_regex=index                              | true",
        "url_regex=\"x=1$\"                           | true",
        "dest_domain=example.com                      | true",
        "dest_domain=www.example.com                  | true",
        "dest_domain=.EXAMPLE.com                     | true",
        "dest_domain=ample.com                        | false",
        "dest_host=www.example.com                    | true",
        "dest_ip=10.1.2.3                             | true",
        "dest_ip=10.0.0.0/8                           | true",
        "dest_ip=10.1.2.4-10.1.2.9                    | false",
        "host_regex=^WWW\\.                           | true",
        "host_regex=^img                              | false",
        "dest_domain=example.com port=80              | true",
        "dest_domain=example.com port=8000-8999       | false",
        "dest_domain=example.com iport=8080           | true",
        "dest_domain=example.com iport=80             | false",
        "dest_domain=example.com scheme=http          | true",
        "dest_domain=example.com scheme=https         | false",
        "dest_domain=example.com method=get           | true",
        "dest_domain=example.com method=HEAD          | false",
        "dest_domain=example.com prefix=/dev/         | true",
        "dest_domain=example.com prefix=dev/docs      | true",
        "dest_domain=example.com prefix=/Dev/         | false",
        "dest_domain=example.com suffix=.HTML         | true",
        "dest_domain=example.com suffix=.png,.html    | true",
        "dest_domain=example.com suffix=.png          | false",
        "dest_domain=example.com suffix=*             | true",
        "dest_domain=example.com time=11:00-13:00     | true",
        "dest_domain=example.com time=12:00:01-13:00  | false",
        "dest_domain=example.com time=22:00-12:00     | true",
        "dest_domain=example.com time=22:00-11:59     | false",
        "dest_domain=example.com src_ip=192.168.1.10  | true",
        "dest_domain=example.com src_ip=192.168.0.0/16 | true",
        "dest_domain=example.com src_ip=192.168.1.11-192.168.1.20 | false",
        "dest_domain=example.com src_ip=::1           | false",
        "dest_domain=example.com internal=false       | true",
        "dest_domain=example.com internal=true        | false",
        "dest_domain=example.com prefix=/dev/ suffix=.html method=GET port=80 | true",
        "dest_domain=example.com prefix=/dev/ suffix=.html method=GET port=81 | false",
    })
    void primaryAndSecondarySpecifiers(String conditions, boolean matches) throws Exception {
        CacheRules rules = CacheRulesParser.parse(conditions.strip() + " action=never-cache");
        assertThat(rules.match(request()).directives().neverCache()).isEqualTo(matches);
    }

    @Test
    void everyMatchingLineCountsAndTheLastOneWinsPerDirective() throws Exception {
        CacheRules rules = CacheRulesParser.parse("""
                dest_domain=example.com revalidate=1h
                dest_domain=example.com revalidate=2h
                dest_domain=other.com revalidate=3h
                dest_domain=example.com pin-in-cache=1d cache-responses-to-cookies=1
                dest_domain=example.com action=ignore-client-no-cache
                dest_domain=example.com suffix=.png action=ignore-server-no-cache cache-responses-to-cookies=0
                """);
        CacheRules.Match m = rules.match(request());
        assertThat(m.lines()).containsExactly(1, 2, 4, 5);
        assertThat(m.directives().revalidate()).isEqualTo(Duration.ofHours(2));
        assertThat(m.directives().pinInCache()).isEqualTo(Duration.ofDays(1));
        assertThat(m.ignoreClientNoCache()).isTrue();
        assertThat(m.ignoreServerNoCache()).as("line 6 does not match").isFalse();
        assertThat(m.cookies()).as("a tweak counts only on a matching line").isEqualTo(1);
    }

    @Test
    void ttlInCacheBeatsNeverCacheWhateverTheOrder() throws Exception {
        for (String file : List.of("dest_domain=example.com ttl-in-cache=6h\ndest_domain=example.com action=never-cache",
                "dest_domain=example.com action=never-cache\ndest_domain=example.com ttl-in-cache=6h")) {
            CacheDirectives d = CacheRulesParser.parse(file).match(request()).directives();
            assertThat(d.neverCache()).as(file).isFalse();
            assertThat(d.ttlInCache()).isEqualTo(Duration.ofHours(6));
        }
        CacheDirectives standard = CacheRulesParser.parse("dest_domain=example.com action=never-cache\n"
                + "dest_domain=example.com action=standard-cache").match(request()).directives();
        assertThat(standard.neverCache()).isFalse();
        CacheDirectives never = CacheRulesParser.parse("dest_domain=example.com action=standard-cache\n"
                + "dest_domain=example.com action=never-cache").match(request()).directives();
        assertThat(never.neverCache()).isTrue();
    }

    @Test
    void ignoreNoCacheSetsBothAndActionsOnlySwitchOn() throws Exception {
        CacheRules.Match m = CacheRulesParser.parse("dest_domain=example.com action=ignore-no-cache")
                .match(request());
        assertThat(m.ignoreClientNoCache()).isTrue();
        assertThat(m.ignoreServerNoCache()).isTrue();
        CacheSettings s = m.applyTo(CacheSettings.defaults());
        assertThat(s.ignoreClientNoCache()).isTrue();
        assertThat(s.ignoreServerNoCache()).isTrue();
        assertThat(s.cacheResponsesToCookies()).isEqualTo(3);
    }

    @Test
    void noMatchLeavesTheSettingsAlone() throws Exception {
        CacheSettings base = CacheSettings.defaults();
        CacheRules rules = CacheRulesParser.parse("dest_domain=other.com ttl-in-cache=6h");
        assertThat(rules.match(request()).applyTo(base)).isSameAs(base);
        assertThat(CacheRules.EMPTY.match(request())).isEqualTo(CacheRules.Match.NONE);
        CacheSettings applied = CacheRulesParser.parse("dest_domain=example.com ttl-in-cache=6h "
                + "cache-responses-to-cookies=4").match(request()).applyTo(base);
        assertThat(applied.directives().ttlInCache()).isEqualTo(Duration.ofHours(6));
        assertThat(applied.cacheResponsesToCookies()).isEqualTo(4);
    }

    @Test
    void ipRangesMatchOnlyTheirFamily() {
        assertThat(IpRange.parse("fe80::/10").contains(ip("fe80::1"))).isTrue();
        assertThat(IpRange.parse("fe80::/10").contains(ip("10.0.0.1"))).isFalse();
        assertThat(IpRange.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(IpRange.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(IpRange.parse("127.0.0.1").contains(null)).isFalse();
    }
}
