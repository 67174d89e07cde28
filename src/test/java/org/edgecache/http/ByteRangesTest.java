package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.http.ByteRanges.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {

    /** ranges are written "first-last;first-last"; the representation is 100 bytes long. */
    @ParameterizedTest(name = "[{index}] Range: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-0               | 0-0",
        "bytes=0-99              | 0-99",
        "bytes=0-499             | 0-99",
        "bytes=10-               | 10-99",
        "bytes=-10               | 90-99",
        "bytes=-500              | 0-99",
        "Bytes=5-9               | 5-9",
        "bytes=0-9, 20-29        | 0-9;20-29",
        "bytes=20-29,0-9         | 20-29;0-9",
        "bytes=0-9,5-14          | 0-9;5-14",
        "bytes=200-300, 0-1      | 0-1",
        "bytes=99999999999999999999999-, 1-1 | 1-1",
    })
    void rfc9110_14_1_2_satisfiableRangesAreResolvedInOrderWithoutCoalescing(String header, String expected) {
        ByteRanges.Resolution r = ByteRanges.evaluate(header, 100);
        assertThat(r.outcome()).isEqualTo(Outcome.SATISFIABLE);
        assertThat(String.join(";", r.ranges().stream().map(x -> x.first() + "-" + x.last()).toList()))
                .isEqualTo(expected);
    }

    /** RFC 9110 §17.15: overlapping ranges selecting more than the whole would amplify the answer. */
    @ParameterizedTest(name = "[{index}] Range: {0}")
    @ValueSource(strings = {"bytes=0-,0-", "bytes=0-99,0-0", "bytes=-100,-1", "bytes=50-,0-50",
        "bytes=0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9,0-9"})
    void rangesSelectingMoreThanTheRepresentationAreIgnored(String header) {
        assertThat(ByteRanges.evaluate(header, 100).outcome()).isEqualTo(Outcome.IGNORE);
    }

    @ParameterizedTest(name = "[{index}] Range: {0}")
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=500-600, 100-"})
    void rfc9110_14_1_1_validButUnsatisfiableRangesGive416(String header) {
        assertThat(ByteRanges.evaluate(header, 100).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
    }

    @ParameterizedTest(name = "[{index}] Range: \"{0}\"")
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=abc", "bytes=5-1", "bytes=1-2-3", "items=0-1",
        "bytes=0-1,x", "bytes = 0-1", "bytes=0 -1", "bytes=--1", "bytes=1", "bytes=,", "bytes=+1-2"})
    void rfc9110_14_2_invalidRangeHeadersAreIgnored(String header) {
        assertThat(ByteRanges.parse(header)).isEmpty();
        assertThat(ByteRanges.evaluate(header, 100).outcome()).isEqualTo(Outcome.IGNORE);
    }

    @Test
    void rfc9110_14_2_abusivelyLongRangeSetsAreIgnored() {
        String many = "bytes=" + "0-0,".repeat(ByteRanges.MAX_RANGES) + "0-0";
        assertThat(ByteRanges.evaluate(many, 100).outcome()).isEqualTo(Outcome.IGNORE);
    }

    @Test
    void rfc9110_14_1_1_zeroLengthRepresentation() {
        assertThat(ByteRanges.evaluate("bytes=0-", 0).outcome()).isEqualTo(Outcome.UNSATISFIABLE);
        assertThat(ByteRanges.evaluate("bytes=-5", 0).outcome()).isEqualTo(Outcome.IGNORE);
    }

    @Test
    void rfc9110_14_4_contentRangeValues() {
        ByteRanges.ByteRange r = ByteRanges.evaluate("bytes=-10", 100).ranges().get(0);
        assertThat(r.contentRange(100)).isEqualTo("bytes 90-99/100");
        assertThat(r.length()).isEqualTo(10);
        assertThat(ByteRanges.unsatisfied(100)).isEqualTo("bytes */100");
        assertThat(ByteRanges.evaluate("bytes=0-1,3-4", 10).isMultiple()).isTrue();
        assertThat(ByteRanges.parse("bytes=0-1, -5,7-").orElseThrow().toString()).isEqualTo("bytes=0-1,-5,7-");
    }
}
