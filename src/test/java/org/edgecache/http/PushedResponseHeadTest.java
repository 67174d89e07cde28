package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.edgecache.http.PushedResponseHead.Outcome;
import org.edgecache.http.PushedResponseHead.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushedResponseHeadTest {

    private static Result parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return PushedResponseHead.parse(b, b.length, PushedResponseHead.DEFAULT_MAX_BYTES);
    }

    @Test
    void theSeedsExampleParsesAndItsHeadIs64Bytes() {
        String head = "HTTP/1.0 200 OK\r\nContent-type: text/html\r\nContent-length: 17\r\n\r\n";
        Result r = parse(head + "<HTML>\r\na\r\n</HTML>\r\n");
        assertThat(r.outcome()).isEqualTo(Outcome.PARSED);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.length()).isEqualTo(64).isEqualTo(head.length());
        assertThat(r.headers()).isEqualTo(HttpFields.of("Content-type", "text/html", "Content-length", "17"));
    }

    @Test
    void bareLfLineEndsAreAccepted() {
        Result r = parse("HTTP/1.1 404 Not Found\nCache-Control: max-age=60\n\nbody");
        assertThat(r.outcome()).isEqualTo(Outcome.PARSED);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.length()).isEqualTo("HTTP/1.1 404 Not Found\nCache-Control: max-age=60\n\n".length());
    }

    @Test
    void nothingAtAllIsIncomplete() {
        assertThat(parse("").outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    @Test
    void aStatusLineWithoutReasonOrHeadersIsFine() {
        Result r = parse("HTTP/1.1 204\r\n\r\n");
        assertThat(r.outcome()).isEqualTo(Outcome.PARSED);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.headers().size()).isZero();
    }

    @Test
    void valuesLoseTheirOptionalWhitespaceAndKeepTheirOrder() {
        Result r = parse("HTTP/1.1 200 OK\r\nA:  x  \r\nB:\ty\r\nA: z\r\n\r\n");
        assertThat(r.headers().fields()).extracting(HttpFields.Field::value).containsExactly("x", "y", "z");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.0 200 OK",
        "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n",
        "HTTP/1.0 2",
    })
    void aHeadWithoutItsEmptyLineIsIncomplete(String s) {
        assertThat(parse(s.replace("\\r\\n", "\r\n")).outcome()).isEqualTo(Outcome.INCOMPLETE);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "\\r\\nHTTP/1.0 200 OK\\r\\n\\r\\n                 | status line",
        "HTTP/1.0 OK\\r\\n\\r\\n                            | status line",
        "HTTP/1.0 20 OK\\r\\n\\r\\n                         | status line",
        "HTTP/1.0 2000 OK\\r\\n\\r\\n                       | status line",
        "HTTP/1.0 099 OK\\r\\n\\r\\n                        | status line",
        "HTTP/1.0  200 OK\\r\\n\\r\\n                       | status line",
        "HTTP/1 200 OK\\r\\n\\r\\n                          | status line",
        "http/1.0 200 OK\\r\\n\\r\\n                       | status line",
        "GET / HTTP/1.1\\r\\n\\r\\n                         | status line",
        "HTTP/1.0 200 OK\\r\\nno colon\\r\\n\\r\\n          | not a header field",
        "HTTP/1.0 200 OK\\r\\nBad Name: x\\r\\n\\r\\n      | not a header field",
        "HTTP/1.0 200 OK\\r\\nName : x\\r\\n\\r\\n         | not a header field",
        "HTTP/1.0 200 OK\\r\\n: x\\r\\n\\r\\n              | not a header field",
        "HTTP/1.0 200 OK\\r\\nA: x\\r\\n y\\r\\n\\r\\n     | folded",
        "HTTP/1.0 200 OK\\r\\nA: x\\ry\\r\\n\\r\\n         | bare CR",
        "HTTP/1.0 200 OK\\r\\nA: x\u0001y\\r\\n\\r\\n     | control character",
        "HTTP/1.0 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | Transfer-Encoding",
        "HTTP/1.0 200 OK\\r\\nContent-Length: 1x\\r\\n\\r\\n | not a byte count",
        "HTTP/1.0 200 OK\\r\\nContent-Length: -1\\r\\n\\r\\n | not a byte count",
        "HTTP/1.0 200 OK\\r\\nContent-Length: 1\\r\\nContent-Length: 2\\r\\n\\r\\n | different Content-Length",
    })
    void malformedHeadsSayWhy(String s, String problem) {
        Result r = parse(s.strip().replace("\\r", "\r").replace("\\n", "\n"));
        assertThat(r.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.problem()).contains(problem.strip());
    }

    @Test
    void repeatedEqualContentLengthsAreFine() {
        assertThat(parse("HTTP/1.0 200 OK\r\nContent-Length: 5, 5\r\nContent-Length: 005\r\n\r\n").outcome())
                .isEqualTo(Outcome.PARSED);
    }

    @Test
    void aHeadLongerThanTheLimitIsMalformedEvenWithoutItsEnd() {
        byte[] b = ("HTTP/1.0 200 OK\r\nX: " + "a".repeat(200)).getBytes(StandardCharsets.ISO_8859_1);
        Result r = PushedResponseHead.parse(b, b.length, 100);
        assertThat(r.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.problem()).contains("longer than 100 bytes");
    }

    @Test
    void onlyTheFirstLenBytesAreLookedAt() {
        byte[] b = "HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(PushedResponseHead.parse(b, b.length - 2, 1000).outcome()).isEqualTo(Outcome.INCOMPLETE);
        assertThat(PushedResponseHead.parse(b, b.length, 1000).outcome()).isEqualTo(Outcome.PARSED);
    }
}
