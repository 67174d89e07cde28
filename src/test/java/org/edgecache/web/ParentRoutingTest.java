package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParentRoutingTest {
    @TempDir
    Path dir;

    private static ParentRouting read(Map<String, String> m) {
        return ParentRouting.from(new Params("context-param", m::get, k -> null), null, Clock.systemUTC());
    }

    @Test
    void withoutTheFileParentSelectionIsOffWithAtsDefaults() {
        ParentRouting r = read(Map.of());
        assertThat(r.enabled()).isFalse();
        assertThat(r.totalAttempts()).isEqualTo(4);
        assertThat(r.perParentAttempts()).isEqualTo(2);
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theFileIsReadWithTheRecords() throws Exception {
        Path file = Files.writeString(dir.resolve("parent.config"), "dest_domain=. parent=\"p:1\"\n");
        ParentRouting r = read(Map.of(ParentRouting.FILE, file.toString(), ParentRouting.TOTAL_ATTEMPTS, "3",
                ParentRouting.PER_PARENT_ATTEMPTS, "1", ParentRouting.CONNECT_TIMEOUT, "2"));
        assertThat(r.enabled()).isTrue();
        assertThat(r.selection().rules()).hasSize(1);
        assertThat(r.totalAttempts()).isEqualTo(3);
        assertThat(r.perParentAttempts()).isEqualTo(1);
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadLineFailsTheDeploymentNamingTheParameterTheFileAndTheLine() throws Exception {
        Path file = Files.writeString(dir.resolve("parent.config"), "# tier\ndest_domain=. parent=\"p:1\" time=x\n");
        assertThatThrownBy(() -> read(Map.of(ParentRouting.FILE, file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("edgecache: context-param: parameter 'proxy.config.http.parent_proxy.file': " + file
                        + " line 2: the ATS field 'time' is not supported by edgecache (supported: dest_domain,"
                        + " dest_host, dest_ip, url_regex, port, scheme, prefix, suffix, method, parent,"
                        + " secondary_parent, round_robin, go_direct, parent_is_proxy, qstring)");
    }

    @Test
    void aMissingFileFailsTheDeployment() {
        Path missing = dir.resolve("nope.config");
        assertThatThrownBy(() -> read(Map.of(ParentRouting.FILE, missing.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'proxy.config.http.parent_proxy.file' names the file '" + missing
                        + "', which cannot be read");
    }

    @ParameterizedTest(name = "[{index}] {0}={1}")
    @CsvSource({
        "proxy.config.http.parent_proxy.retry_time,                 -1,      a whole number",
        "proxy.config.http.parent_proxy.fail_threshold,             0,       a whole number",
        "proxy.config.http.parent_proxy.total_connect_attempts,     0,       a whole number",
        "proxy.config.http.parent_proxy.per_parent_connect_attempts, x,      a whole number",
        "proxy.config.http.parent_proxy.connect_attempts_timeout,   0,       a whole number",
        "proxy.config.http.parent_proxies,                          p:8080,  edgecache takes parents only from the file",
        "proxy.config.http.parent_proxy_routing_enable,             1,       ATS 9.2 has no such record",
    })
    void aBadRecordFailsNamingItAndWhatIsAllowed(String name, String value, String allowed) {
        Map<String, String> m = new HashMap<>();
        m.put(name, value);
        assertThatThrownBy(() -> read(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter '" + name + "'").hasMessageContaining(allowed);
    }
}
