package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.edgecache.policy.IpAllow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the content-management parameters and files: defaults, and bad values failing with file, line, reason. */
class ContentManagementTest {
    @TempDir
    Path dir;

    private final Map<String, String> params = new HashMap<>();

    private ContentManagement read() {
        ContentManagement c = ContentManagement.from(new Params("context-param", params::get, n -> null),
                Clock.systemUTC(), new Stats());
        if (c.updater() != null) {
            c.close();
        }
        return c;
    }

    @Test
    void defaultsArePushOffLoopbackOnlyAndNoUpdater() throws Exception {
        ContentManagement c = read();
        assertThat(c.pushEnabled()).isFalse();
        assertThat(c.pushMaxSize()).isZero();
        assertThat(c.updater()).isNull();
        assertThat(c.ipAllow().permits(InetAddress.getByName("127.0.0.1"), IpAllow.ADMIN)).isTrue();
        assertThat(c.ipAllow().permits(InetAddress.getByName("127.0.0.2"), "PUSH")).isFalse();
    }

    @Test
    void theUpdateSettingsHaveAtsDefaults() throws Exception {
        params.put(ContentManagement.UPDATE_FILE, Files.writeString(dir.resolve("update.config"),
                "http://a.example/\\\\13\\3600\\1\\\n").toString());
        ContentManagement c = read();
        Updater.Settings s = c.updater().settings();
        assertThat(s.enabled()).isFalse();
        assertThat(s.force()).isFalse();
        assertThat(s.retryCount()).isEqualTo(10);
        assertThat(s.retryInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.concurrentUpdates()).isEqualTo(100);
        assertThat(s.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.updater().entries()).hasSize(1);
    }

    @Test
    void aBadUpdateConfigLineNamesTheParameterTheFileTheLineAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("update.config"), "# list\nhttp://a.example/\\\\25\\3600\\1\\\n");
        params.put(ContentManagement.UPDATE_FILE, file.toString());
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class).hasMessage("edgecache: context-param: parameter"
                + " 'proxy.config.update.update_configuration': " + file + " line 2: offset hour 25 is outside 0..23");
    }

    @Test
    void aBadIpAllowLineNamesTheParameterTheFileTheLineAndTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("ip_allow.config"), "src_ip=127.0.0.1 action=ip_allow\n"
                + "src_ip=::1 action=permit\n");
        params.put(ContentManagement.IP_ALLOW_FILE, file.toString());
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class).hasMessage("edgecache: context-param: parameter"
                + " 'proxy.config.cache.ip_allow.filename': " + file
                + " line 2: action 'permit' is neither ip_allow nor ip_deny");
    }

    @Test
    void aMissingFileFailsWithItsName() {
        params.put(ContentManagement.IP_ALLOW_FILE, dir.resolve("nope").toString());
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'proxy.config.cache.ip_allow.filename' names the file '" + dir.resolve("nope")
                        + "', which cannot be read");
    }

    @Test
    void enablingTheUpdateWithoutAFileFails() {
        params.put(ContentManagement.UPDATE_ENABLED, "1");
        assertThatThrownBy(this::read).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'proxy.config.update.enabled' is 1 but 'proxy.config.update.update_configuration'"
                        + " names no update.config file");
    }

    @Test
    void badValuesNameTheParameterAndWhatIsAllowed() {
        params.put(ContentManagement.PUSH_MAX_SIZE, "big");
        assertThatThrownBy(this::read).hasMessageContaining("'edgecache.push.max-size' has the value 'big'");
        params.clear();
        params.put(ContentManagement.UPDATE_TIME_ZONE, "Mars/Olympus");
        assertThatThrownBy(this::read).hasMessageContaining("'edgecache.update.time-zone' has the value 'Mars/Olympus'");
        params.clear();
        params.put(ContentManagement.UPDATE_CONCURRENT, "0");
        assertThatThrownBy(this::read).hasMessageContaining("'proxy.config.update.concurrent_updates' has the value '0'");
        params.clear();
        params.put(ContentManagement.SELF_URL, "localhost:8080");
        assertThatThrownBy(this::read).hasMessageContaining("'edgecache.self-url' has the value 'localhost:8080'");
    }
}
