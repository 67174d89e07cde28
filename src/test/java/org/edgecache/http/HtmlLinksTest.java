package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class HtmlLinksTest {
    private static final URI PAGE = URI.create("http://www.example.com/dir/page.html");

    private static List<String> links(String html) {
        return HtmlLinks.extract(html.getBytes(StandardCharsets.UTF_8), null, PAGE).stream().map(URI::toString)
                .toList();
    }

    @Test
    void theTagsAtsFollowedAreFollowedAndResolved() {
        assertThat(links("""
                <html><body background="/bg.png">
                <a href="a.html">a</a> <a href='/b.html#top'>b</a>
                <img src="img/1.png"> <img href="img/2.png">
                <iframe src="i.html"></iframe>
                <script src="/s.js"></script> <embed src="e.swf"> <area href="map.html">
                <link rel="stylesheet" href="/style.css">
                </body></html>
                """)).containsExactly(
                "http://www.example.com/bg.png", "http://www.example.com/dir/a.html", "http://www.example.com/b.html",
                "http://www.example.com/dir/img/1.png", "http://www.example.com/dir/img/2.png",
                "http://www.example.com/dir/i.html",
                "http://www.example.com/s.js", "http://www.example.com/dir/e.swf",
                "http://www.example.com/dir/map.html", "http://www.example.com/style.css");
    }

    @Test
    void framesOfAFramesetAreFollowed() {
        assertThat(links("<frameset><frame src=\"left.html\"><frame src=\"/right.html\"></frameset>"))
                .containsExactly("http://www.example.com/dir/left.html", "http://www.example.com/right.html");
    }

    @Test
    void baseHrefChangesTheBase() {
        assertThat(links("<head><base href=\"http://www.example.com/other/\"></head><a href=\"x.html\">x</a>"))
                .containsExactly("http://www.example.com/other/x.html");
    }

    @Test
    void aMetaRefreshIsFollowed() {
        assertThat(links("<meta http-equiv=\"Refresh\" content=\"5; URL='/next.html'\">"))
                .containsExactly("http://www.example.com/next.html");
        assertThat(links("<meta http-equiv=\"refresh\" content=\"5\"><meta name=\"x\" content=\"1; url=/no\">"))
                .isEmpty();
    }

    @Test
    void otherSchemesFragmentsAndRepeatsAreDropped() {
        assertThat(links("""
                <a href="mailto:x@example.com">m</a> <a href="javascript:void(0)">j</a> <a href="#top">t</a>
                <a href="ftp://example.com/f">f</a> <a href="https://other.example/x">o</a>
                <a href="a.html">1</a> <a href="a.html#2">2</a> <a href="">self</a>
                """)).containsExactly("http://www.example.com/dir/page.html", "https://other.example/x",
                "http://www.example.com/dir/a.html");
    }

    @Test
    void brokenHtmlStillYieldsItsLinks() {
        assertThat(links("<p><a href=a.html>unclosed <b><a href=\"b.html\">b</table>"))
                .containsExactly("http://www.example.com/dir/a.html", "http://www.example.com/dir/b.html");
    }

    @Test
    void theCharsetOfTheContentTypeIsUsed() {
        byte[] latin1 = "<a href=\"caf\u00e9.html\">x</a>".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HtmlLinks.extract(latin1, "ISO-8859-1", PAGE)).extracting(URI::getPath)
                .containsExactly("/dir/caf\u00e9.html");
    }
}
