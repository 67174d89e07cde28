package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CongestionConfigTest {

    private static final List<CongestionRule> RULES = CongestionConfig.parse("congestion.config", List.of(
            "# tracked origins",
            "",
            "dest_host=origin.example.com prefix=/api/ max_connection_failures=2 fail_window=30",
            "dest_domain=example.net port=8000-8080 scheme=http congestion_scheme=per_host  # a comment",
            "dest_ip=10.0.0.7 proxy_retry_interval=1 client_wait_interval=5 wait_interval_alpha=0",
            "url_regex=^http://images\\. live_os_conn_timeout=3 dead_os_conn_timeout=1 error_page=\"busy page.html\""));

    @ParameterizedTest(name = "[{index}] {0}://{1}({2}):{3}{4} -> line {5}")
    @CsvSource({
        "http,  origin.example.com, 10.1.1.1, 80,   /api/x,     3",
        "http,  ORIGIN.example.com, 10.1.1.1, 80,   /api/x,     3",
        "http,  origin.example.com, 10.1.1.1, 80,   /other,     0",
        "http,  www.example.net,    10.1.1.1, 8080, /,          4",
        "http,  example.net,        10.1.1.1, 8000, /a,         4",
        "http,  notexample.net,     10.1.1.1, 8000, /a,         0",
        "https, www.example.net,    10.1.1.1, 8000, /a,         0",
        "http,  www.example.net,    10.1.1.1, 8081, /a,         0",
        "http,  host.internal,      10.0.0.7, 80,   /,          5",
        "http,  10.0.0.7,           10.0.0.7, 80,   /,          5",
        "http,  images.example.org, 10.2.2.2, 80,   /a.png,     6",
        "http,  www.example.org,    10.2.2.2, 80,   /a.png,     0",
    })
    void theFirstMatchingLineWins(String scheme, String host, String ip, int port, String path, int line) {
        assertThat(CongestionConfig.match(RULES, scheme, host, ip, port, path).map(CongestionRule::line).orElse(0))
                .isEqualTo(line);
    }

    @Test
    void tagsOverrideAtsDefaults() {
        CongestionRule defaults = CongestionConfig.parse("f", List.of("dest_host=a")).get(0);
        assertThat(defaults.maxConnectionFailures()).isEqualTo(5);
        assertThat(defaults.failWindow()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.proxyRetryInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.clientWaitInterval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(defaults.waitIntervalAlpha()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.liveOsConnTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.deadOsConnTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.errorPage()).isNull();
        assertThat(defaults.tracking()).isEqualTo(CongestionRule.Tracking.PER_IP);

        assertThat(RULES.get(0).maxConnectionFailures()).isEqualTo(2);
        assertThat(RULES.get(0).failWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(RULES.get(1).tracking()).isEqualTo(CongestionRule.Tracking.PER_HOST);
        assertThat(RULES.get(2).proxyRetryInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(RULES.get(3).errorPage()).isEqualTo("busy page.html");
        assertThat(RULES.get(3).deadOsConnTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "port=80 max_connection_failures=1                | f line 1: the rule has no primary destination",
        "dest_host=a dest_ip=1.2.3.4                      | f line 1: a rule has one primary destination",
        "dest_host=a fail_window=soon                     | f line 1: fail_window 'soon': allowed a whole number",
        "dest_host=a max_connection_failures=0            | f line 1: max_connection_failures '0'",
        "dest_host=a port=90-80                           | f line 1: port range '90-80' is empty",
        "dest_host=a congestion_scheme=per_url            | f line 1: congestion_scheme 'per_url': allowed per_ip, per_host",
        "dest_host=a colour=red                           | f line 1: unknown tag 'colour'",
        "dest_host=a prefix=/x prefix=/y                  | f line 1: prefix is given twice",
        "url_regex=(                                      | f line 1: url_regex '(' is not a regular expression",
        "dest_host=a error_page=\"x                       | f line 1: a quote is not closed",
        "dest_host                                        | f line 1: 'dest_host' is not tag=value",
    })
    void aBadLineIsNamedWithItsNumberAndReason(String line, String message) {
        assertThatThrownBy(() -> CongestionConfig.parse("f", List.of(line)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
