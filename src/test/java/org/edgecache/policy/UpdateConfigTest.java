package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateConfigTest {

    @Test
    void atsExampleLinesParse() {
        List<UpdateEntry> entries = UpdateConfig.parse("update.config", List.of(
                "# <URL>\\<Request Headers>\\<Offset Hour>\\<Interval>\\<Recursion depth>\\",
                "",
                "http://www.inktomi.com\\User-Agent: noname user agent\\13\\3600\\5\\",
                "http://www.example.com/news/\\\\00\\1800\\0\\",
                "  https://www.example.com/a?b=1\\Accept: text/html; Accept-Language: fr\\23\\86400\\2",
                "http://www.example.com/x\\\\7\\60\\1\\   "));
        assertThat(entries).hasSize(4);
        UpdateEntry a = entries.get(0);
        assertThat(a.url()).isEqualTo(URI.create("http://www.inktomi.com"));
        assertThat(a.requestHeaders()).isEqualTo(HttpFields.of("User-Agent", "noname user agent"));
        assertThat(a.offsetHour()).isEqualTo(13);
        assertThat(a.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(a.depth()).isEqualTo(5);
        assertThat(a.line()).isEqualTo(3);
        assertThat(entries.get(1).requestHeaders().size()).isZero();
        assertThat(entries.get(1).offsetHour()).isZero();
        assertThat(entries.get(2).requestHeaders())
                .isEqualTo(HttpFields.of("Accept", "text/html", "Accept-Language", "fr"));
        assertThat(entries.get(2).interval()).isEqualTo(Duration.ofDays(1));
        assertThat(entries.get(3).depth()).isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "http://a.example/\\\\13\\                        | expected 5 fields",
        "http://a.example/\\\\13\\3600\\1\\2\\             | expected 5 fields",
        "a.example/index.html\\\\13\\3600\\1\\            | not an absolute http:// or https:// URL",
        "ftp://a.example/f\\\\13\\3600\\1\\               | not an absolute http:// or https:// URL",
        "http://a.example/#top\\\\13\\3600\\1\\           | without a fragment",
        "http://a.example/ x\\\\13\\3600\\1\\             | is not a URL",
        "http://a.example/\\User-Agent\\13\\3600\\1\\      | request header 'User-Agent' is not 'Name: value'",
        "http://a.example/\\Bad Name: x\\13\\3600\\1\\     | is not 'Name: value'",
        "http://a.example/\\\\24\\3600\\1\\               | offset hour 24 is outside 0..23",
        "http://a.example/\\\\1pm\\3600\\1\\              | offset hour '1pm' is not a whole number",
        "http://a.example/\\\\13\\0\\1\\                  | interval 0 is outside 1..86400",
        "http://a.example/\\\\13\\86401\\1\\              | interval 86401 is outside 1..86400",
        "http://a.example/\\\\13\\-5\\1\\                 | interval '-5' is not a whole number",
        "http://a.example/\\\\13\\3600\\65\\              | recursion depth 65 is outside 0..64",
        "http://a.example/\\\\13\\3600\\\\                | recursion depth '' is not a whole number",
    })
    void aBadLineFailsWithItsNumberAndReason(String line, String message) {
        assertThatThrownBy(() -> UpdateConfig.parse("/etc/update.config", List.of("# header", line.strip())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/etc/update.config line 2: ")
                .hasMessageContaining(message.strip());
    }

    @Test
    void aUrlListedTwiceIsRefused() {
        assertThatThrownBy(() -> UpdateConfig.parse("u", List.of("http://a/\\\\1\\60\\0\\", "http://a/\\\\2\\60\\0\\")))
                .hasMessage("u line 2: the URL http://a/ is already listed on line 1");
    }
}
