package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.edgecache.policy.PrimaryDestination.Dialect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrimaryDestinationTest {

    /** Reads {@code key=value} fields separated by blanks, as the rule files hand them over. */
    private static PrimaryDestination read(Dialect dialect, String fields) {
        PrimaryDestination.Reader reader = new PrimaryDestination.Reader(dialect);
        for (String field : fields.trim().split(" +")) {
            int eq = field.indexOf('=');
            assertThat(reader.read(field.substring(0, eq), field.substring(eq + 1))).as(field).isTrue();
        }
        return reader.destination();
    }

    private static boolean matches(PrimaryDestination d, String scheme, String host, String ip, int port,
            String path) {
        return d.matches(scheme, host, ip, port, path, () -> scheme + "://" + host + ":" + port + path);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}: {2}://{3}({4}):{5}{6} -> {7}")
    @CsvSource({
        "PARENT,     dest_host=origin.example.com,          http,  origin.example.com, , 80,   /x,        true",
        "CONGESTION, dest_host=origin.example.com,          http,  ORIGIN.example.com, , 80,   /x,        true",
        "PARENT,     dest_host=origin.example.com,          http,  www.origin.example.com, , 80, /x,      false",
        "PARENT,     dest_domain=example.net,               http,  www.example.net,    , 80,   /,         true",
        "CONGESTION, dest_domain=.example.net,              http,  www.example.net,    , 80,   /,         true",
        "PARENT,     dest_domain=.example.net,              http,  example.net,        , 80,   /,         false",
        "CONGESTION, dest_domain=example.net,               http,  notexample.net,     , 80,   /,         false",
        "PARENT,     dest_domain=.,                         http,  anything.example,   , 80,   /,         true",
        "CONGESTION, dest_domain=.,                         http,  anything.example,   , 80,   /,         false",
        "PARENT,     dest_ip=10.0.0.0/8,                    http,  10.1.2.3,           , 80,   /,         true",
        "PARENT,     dest_ip=10.0.0.0/8,                    http,  host.internal,      10.1.2.3, 80, /,   false",
        "CONGESTION, dest_ip=10.0.0.7,                      http,  host.internal,      10.0.0.7, 80, /,   true",
        "CONGESTION, dest_ip=10.0.0.7,                      http,  10.0.0.7,           ,  80,  /,         true",
        "CONGESTION, dest_ip=10.0.0.7,                      http,  host.internal,      10.0.0.8, 80, /,   false",
        "PARENT,     url_regex=\\.m3u8$,                    http,  v.example,          , 80,   /a.m3u8,   true",
        "CONGESTION, url_regex=^http://images\\.,           http,  images.example,     , 80,   /a.png,    true",
        "CONGESTION, url_regex=^http://images\\.,           http,  www.example,        , 80,   /a.png,    false",
        "PARENT,     dest_domain=example.net port=8000-8080, http, example.net,        , 8080, /,         true",
        "CONGESTION, dest_domain=example.net port=8000-8080, http, example.net,        , 8081, /,         false",
        "PARENT,     dest_domain=example.net port=80,       http,  example.net,        , 81,   /,         false",
        "PARENT,     dest_domain=example.net scheme=https,  https, example.net,        , 443,  /,         true",
        "CONGESTION, dest_domain=example.net scheme=HTTPS,  http,  example.net,        , 80,   /,         false",
        "PARENT,     dest_host=o prefix=/api/,              http,  o,                  , 80,   /api/x,    true",
        "CONGESTION, dest_host=o prefix=api/,               http,  o,                  , 80,   /api/x,    true",
        "PARENT,     dest_host=o prefix=/api/,              http,  o,                  , 80,   /other,    false",
    })
    void aRequestIsCoveredByDestinationPortSchemeAndPrefix(Dialect dialect, String fields, String scheme, String host,
            String ip, int port, String path, boolean covered) {
        assertThat(matches(read(dialect, fields), scheme, host, ip, port, path)).isEqualTo(covered);
    }

    @Test
    void theValueIsKeptLowerCaseExceptARegexAndTheDefaultsCoverEverything() {
        PrimaryDestination host = read(Dialect.PARENT, "dest_host=Origin.Example");
        assertThat(host.kind()).isEqualTo(PrimaryDestination.Kind.DEST_HOST);
        assertThat(host.value()).isEqualTo("origin.example");
        assertThat(host.portLow()).isZero();
        assertThat(host.portHigh()).isEqualTo(65_535);
        assertThat(host.scheme()).isEmpty();
        assertThat(host.prefix()).isEmpty();
        assertThat(host.regex()).isNull();
        assertThat(host.ips()).isNull();
        PrimaryDestination regex = read(Dialect.CONGESTION, "url_regex=\\.M3U8$ port=8080 scheme=HTTP prefix=/a/");
        assertThat(regex.value()).isEqualTo("\\.M3U8$");
        assertThat(regex.regex().pattern()).isEqualTo("\\.M3U8$");
        assertThat(regex.portLow()).isEqualTo(8080);
        assertThat(regex.portHigh()).isEqualTo(8080);
        assertThat(regex.scheme()).isEqualTo("http");
        assertThat(regex.prefix()).isEqualTo("a/");
        assertThat(read(Dialect.PARENT, "dest_ip=10.0.0.0/8").ips()).isNotNull();
        assertThat(read(Dialect.CONGESTION, "dest_ip=10.0.0.7").ips()).as("congestion.config compares text").isNull();
    }

    @Test
    void otherFieldsAreLeftToTheRuleFile() {
        PrimaryDestination.Reader reader = new PrimaryDestination.Reader(Dialect.PARENT);
        assertThat(reader.read("suffix", ".ts")).isFalse();
        assertThat(reader.read("parent", "p:1")).isFalse();
        assertThat(reader.read("max_connection_failures", "3")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "PARENT     | port=80                   | the rule has no primary destination (dest_domain, dest_host, dest_ip or url_regex)",
        "CONGESTION | dest_host=a dest_ip=1.2.3.4 | a rule has one primary destination; dest_ip follows dest_host",
        "PARENT     | dest_host=                 | dest_host is empty",
        "PARENT     | url_regex=(                | url_regex '(' is not a regular expression",
        "CONGESTION | url_regex=(                | url_regex '(' is not a regular expression",
        "PARENT     | dest_ip=not-an-ip          | dest_ip ",
        "PARENT     | port=9-1                   | port range '9-1' is empty",
        "CONGESTION | port=90-80                 | port range '90-80' is empty",
        "PARENT     | port=http                  | port 'http': the port 'http' is not a number from 0 to 65535",
        "CONGESTION | port=70000                 | port '70000': allowed a port or a range such as 80-8080",
        "CONGESTION | scheme=ftp                 | scheme 'ftp': allowed http, https",
    })
    void aBadFieldIsRefusedWithItsReason(Dialect dialect, String fields, String reason) {
        assertThatThrownBy(() -> read(dialect, fields))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(reason.trim());
    }

    @Test
    void congestionConfigTakesAnyDestIpTextAndParentConfigOnlyAnAddressRangeOrBlock() {
        assertThat(read(Dialect.CONGESTION, "dest_ip=not-an-ip").value()).isEqualTo("not-an-ip");
        assertThatThrownBy(() -> read(Dialect.PARENT, "dest_ip=not-an-ip"))
                .hasMessageEndingWith("; allowed an IP address, a range low-high or a CIDR block");
    }
}
