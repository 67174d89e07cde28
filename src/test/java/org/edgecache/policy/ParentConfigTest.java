package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParentConfigTest {

    private static final List<ParentRule> RULES = ParentConfig.parse("parent.config", List.of(
            "# the tier",
            "",
            "dest_host=origin.example.com prefix=/api/ parent=\"p1.example:8080\" go_direct=false",
            "dest_domain=example.net port=8000-8080 scheme=http parent=\"p1:1; p2:2|3.5\"  # a comment",
            "dest_ip=10.0.0.0/8 method=get parent=\"p3:80\" round_robin=strict",
            "url_regex=\\.m3u8$ go_direct=true",
            "dest_domain=. suffix=.ts parent=\"p1:1,p2:2\" secondary_parent=\"p4:4\" round_robin=consistent_hash"
                    + " qstring=ignore parent_is_proxy=false"));

    @ParameterizedTest(name = "[{index}] {0} {1}://{2}:{3}{4} -> line {5}")
    @CsvSource({
        "GET,  http,  origin.example.com, 80,   /api/x,       3",
        "GET,  http,  ORIGIN.example.com, 80,   /api/x?q=1,   3",
        "GET,  http,  origin.example.com, 80,   /other,       0",
        "GET,  http,  www.example.net,    8080, /,            4",
        "GET,  http,  example.net,        8000, /a,           4",
        "GET,  http,  notexample.net,     8000, /a,           0",
        "GET,  https, www.example.net,    8000, /a,           0",
        "GET,  http,  www.example.net,    8081, /a,           0",
        "GET,  http,  10.1.2.3,           80,   /,            5",
        "POST, http,  10.1.2.3,           80,   /,            0",
        "GET,  http,  host.internal,      80,   /,            0",
        "GET,  http,  video.example.org,  80,   /live.m3u8,   6",
        "GET,  http,  video.example.org,  80,   /seg1.ts,     7",
        "GET,  http,  video.example.org,  80,   /seg1.ts?x=1, 7",
        "GET,  http,  video.example.org,  80,   /index.html,  0",
    })
    void theFirstMatchingLineWins(String method, String scheme, String host, int port, String target, int line) {
        ParentRequest r = new ParentRequest(scheme, host, port, target, method, "", null);
        assertThat(ParentConfig.match(RULES, r).map(ParentRule::line).orElse(0)).isEqualTo(line);
    }

    @Test
    void actionsAndTheirAtsDefaults() {
        ParentRule first = RULES.get(0);
        assertThat(first.parents()).containsExactly(new ParentRule.Parent("p1.example", 8080, 1.0));
        assertThat(first.goDirect()).isFalse();
        assertThat(first.parentIsProxy()).isTrue();
        assertThat(first.roundRobin()).isEqualTo(ParentRule.RoundRobin.FALSE);
        assertThat(first.ignoreQuery()).isFalse();

        ParentRule second = RULES.get(1);
        assertThat(second.parents()).containsExactly(new ParentRule.Parent("p1", 1, 1.0),
                new ParentRule.Parent("p2", 2, 3.5));
        assertThat(second.goDirect()).as("go_direct defaults to true").isTrue();

        assertThat(RULES.get(2).roundRobin()).isEqualTo(ParentRule.RoundRobin.STRICT);
        assertThat(RULES.get(3).parents()).isEmpty();
        assertThat(RULES.get(3).goDirect()).isTrue();

        ParentRule last = RULES.get(4);
        assertThat(last.roundRobin()).isEqualTo(ParentRule.RoundRobin.CONSISTENT_HASH);
        assertThat(last.secondary()).containsExactly(new ParentRule.Parent("p4", 4, 1.0));
        assertThat(last.ignoreQuery()).isTrue();
        assertThat(last.parentIsProxy()).isFalse();
        assertThat(last.goDirect()).as("with parent_is_proxy=false the parents are the origins").isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "parent=\"p:1\" => no primary destination",
        "dest_host=a => needs parent=\"host:port …\" or go_direct=true",
        "dest_host=a go_direct=false => go_direct=false needs parent",
        "dest_host=a dest_domain=b parent=\"p:1\" => a rule has one primary destination",
        "dest_host=a parent=\"p\" => parent 'p': allowed host:port[|weight] (the port is required)",
        "dest_host=a parent=\"p:http\" => the port 'http' is not a number from 0 to 65535",
        "dest_host=a parent=\"p:1|0\" => the weight '0' is not allowed; allowed a number from 0.001 to 100",
        "dest_host=a parent=\"p:1|x\" => the weight 'x' is not allowed",
        "dest_host=a parent=\"p:1,p:1\" => parent names p:1 twice",
        "dest_host=a parent=\"p:1\" round_robin=latched => round_robin 'latched' is not supported by edgecache",
        "dest_host=a parent=\"p:1\" round_robin=maybe => round_robin 'maybe': allowed true, strict, false, consistent_hash",
        "dest_host=a parent=\"p:1\" secondary_parent=\"q:1\" => secondary_parent is allowed only with round_robin=consistent_hash",
        "dest_host=a parent=\"p:1\" go_direct=yes => go_direct 'yes': allowed true, false",
        "dest_host=a parent=\"p:1\" qstring=drop => qstring 'drop': allowed consider, ignore",
        "dest_host=a parent=\"p:1\" time=08:00-14:00 => the ATS field 'time' is not supported by edgecache",
        "dest_host=a parent=\"p:1\" src_ip=10.0.0.1 => the ATS field 'src_ip' is not supported by edgecache",
        "dest_host=a parent=\"p:1\" parent_retry=both => the ATS field 'parent_retry' is not supported by edgecache",
        "dest_host=a parent=\"p:1\" colour=blue => unknown field 'colour'",
        "dest_host=a parent=\"p:1\" parent=\"q:1\" => parent is given twice",
        "dest_ip=not-an-ip parent=\"p:1\" => dest_ip",
        "url_regex=( parent=\"p:1\" => url_regex '(' is not a regular expression",
        "dest_host=a parent=\"p:1 => a quote is not closed",
        "dest_host=a port=9-1 parent=\"p:1\" => port range '9-1' is empty",
        "dest_host=a scheme=ftp parent=\"p:1\" => scheme 'ftp': allowed http, https",
        "dest_host=a parent=\"p:1\" secondary_parent=\"p:1\" round_robin=consistent_hash => secondary_parent p:1 is also in parent",
    })
    void aBadLineFailsNamingTheFileTheLineAndTheReason(String line, String reason) {
        assertThatThrownBy(() -> ParentConfig.parse("/etc/parent.config", List.of("# ok", line)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/etc/parent.config line 2: ")
                .hasMessageContaining(reason.trim());
    }

    /** The WAR's sample parses as shipped (all comments) and with its example rules uncommented. */
    @Test
    void theShippedSampleParses() throws Exception {
        List<String> sample = java.nio.file.Files.readAllLines(java.nio.file.Path.of("webapp/WEB-INF/parent.config"));
        assertThat(ParentConfig.parse("parent.config", sample)).isEmpty();
        List<String> examples = sample.stream().filter(l -> l.startsWith("# url_regex") || l.startsWith("# dest_"))
                .map(l -> l.substring(2)).toList();
        List<ParentRule> rules = ParentConfig.parse("parent.config", examples);
        assertThat(rules).hasSize(2);
        assertThat(rules.get(1).parents()).hasSize(3);
        assertThat(rules.get(1).roundRobin()).isEqualTo(ParentRule.RoundRobin.CONSISTENT_HASH);
    }
}
