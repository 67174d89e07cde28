package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackgroundFetchRulesTest {

    /** The seed's example file, as written. */
    private static final List<String> SEED_EXAMPLE = List.of(
            "include User-Agent ABCDEF",
            "exclude User-Agent *",
            "exclude Content-Type text",
            "exclude X-Foo-Bar text",
            "exclude Content-Length <1000");

    private static BackgroundFetchRules rules(String... lines) {
        return BackgroundFetchRules.parse("bg.config", Arrays.asList(lines));
    }

    /** headers: "Name=value;Name=value"; length: "" for none. */
    private static BackgroundFetchRules.Request request(String ip, String headers, String length) throws Exception {
        Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null && !headers.isBlank()) {
            for (String kv : headers.split(";")) {
                int eq = kv.indexOf('=');
                h.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
            }
        }
        return new BackgroundFetchRules.Request(ip == null || ip.isBlank() ? null
                : InetAddress.getByName(ip).getAddress(), h::get,
                length == null || length.isBlank() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(length)));
    }

    @ParameterizedTest(name = "[{index}] {0} / {1} / {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1 | User-Agent=xx ABCDEF yy | 5000 | true",   // include wins: first match
        "10.0.0.1 | User-Agent=curl         | 5000 | false",  // exclude User-Agent *
        "10.0.0.1 | Content-Type=text/plain | 5000 | false",  // the request's Content-Type
        "10.0.0.1 | Content-Type=TEXT/plain | 5000 | true",   // case-sensitive
        "10.0.0.1 | X-Foo-Bar=context       | 5000 | false",
        "10.0.0.1 |                         | 1000 | false",  // <1000 is inclusive
        "10.0.0.1 |                         | 1001 | true",
        "10.0.0.1 |                         |      | true",   // no Content-Length: no match
        "10.0.0.1 |                         | 5000 | true",   // nothing matches: allowed
    })
    void theSeedsExampleFileWorksAsWritten(String ip, String headers, String length, boolean allowed)
            throws Exception {
        BackgroundFetchRules r = BackgroundFetchRules.parse("seed", SEED_EXAMPLE);
        assertThat(r.rules()).hasSize(5);
        assertThat(r.decide(request(ip, headers, length)).allowed()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/16             | 10.0.200.7    | true",
        "10.0.0.0/16             | 10.1.0.1      | false",
        "192.168.1.5             | 192.168.1.5   | true",
        "192.168.1.5             | 192.168.1.6   | false",
        "192.168.1.10-192.168.1.20 | 192.168.1.20 | true",
        "192.168.1.10-192.168.1.20 | 192.168.1.21 | false",
        "2001:db8::/32           | 2001:db8::1   | true",
        "2001:db8::/32           | 2001:db9::1   | false",
        "2001:db8::/32           | 10.0.0.1      | false",   // families differ
        "10.0.0.0/8              | ::ffff:10.1.2.3 | true",  // IPv4-mapped is IPv4
        "*                       | 2001:db8::1   | true",
        "*                       | 127.0.0.1     | true",
    })
    void clientIpMatchesAddressesCidrRangesAndStar(String value, String client, boolean excluded) throws Exception {
        assertThat(rules("exclude Client-IP " + value).decide(request(client, "", "")).allowed())
                .isEqualTo(!excluded);
    }

    @Test
    void clientIpWithoutAKnownAddressNeverMatches() throws Exception {
        assertThat(rules("exclude Client-IP *").decide(request(null, "", "")).allowed()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource({
        "<100, 99,  true",
        "<100, 100, true",
        "<100, 101, false",
        ">100, 101, true",
        ">100, 100, true",
        ">100, 99,  false",
    })
    void contentLengthIsInclusiveBothWays(String value, long length, boolean excluded) throws Exception {
        assertThat(rules("exclude Content-Length " + value).decide(request("10.0.0.1", "", "" + length)).allowed())
                .isEqualTo(!excluded);
    }

    @Test
    void headerNamesAreCaseInsensitiveValuesCaseSensitiveAndTheWholeValueIsSearched() throws Exception {
        BackgroundFetchRules r = rules("exclude user-agent Gecko");
        assertThat(r.decide(request("10.0.0.1", "User-Agent=Mozilla/5.0 (KHTML, like Gecko)", "")).allowed())
                .isFalse();
        assertThat(r.decide(request("10.0.0.1", "User-Agent=like gecko", "")).allowed()).isTrue();
        assertThat(r.decide(request("10.0.0.1", "", "")).allowed()).isTrue();
    }

    @Test
    void theFirstMatchDecidesAndTheVerdictNamesTheRule() throws Exception {
        BackgroundFetchRules r = rules("# a comment", "", "   ", "INCLUDE X-Vip *   # trailing comment",
                "Exclude Client-IP *");
        BackgroundFetchRules.Verdict vip = r.decide(request("10.0.0.1", "X-Vip=1", ""));
        assertThat(vip.allowed()).isTrue();
        assertThat(vip.rule().line()).isEqualTo(4);
        BackgroundFetchRules.Verdict other = r.decide(request("10.0.0.1", "", ""));
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule().line()).isEqualTo(5);
        assertThat(BackgroundFetchRules.none().decide(request("10.0.0.1", "", "")).allowed()).isTrue();
    }

    @Test
    void aHashInsideAValueIsPartOfIt() throws Exception {
        assertThat(rules("exclude X-Tag a#b").decide(request("10.0.0.1", "X-Tag=xa#by", "")).allowed()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "allow User-Agent x           | neither include nor exclude",
        "exclude                      | no field and no value",
        "exclude User-Agent           | no value",
        "exclude User-Agent a b       | more than one value",
        "exclude Client-IP 10.0.0.300 | not an IPv4 or IPv6 address",
        "exclude Client-IP 10.0.0.0/33 | prefix length",
        "exclude Content-Length 1000  | <N or >N",
        "exclude Content-Length <1k   | <N or >N",
        "exclude Content-Length <     | <N or >N",
        "exclude Bad:Name x           | not a header field name",
    })
    void aMalformedLineIsAnErrorNamingTheFileAndLine(String line, String reason) {
        assertThatThrownBy(() -> rules("include X-Ok *", line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bg.config line 2: ")
                .hasMessageContaining(reason);
    }
}
