package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.Hostile.neverThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.edgecache.Hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Hostile input for the message parsers of {@code org.edgecache.http}: each documents that it never throws (an
 * invalid input gives an empty result, a MALFORMED outcome or an invalid directive), and these properties hold it to
 * that for grammar fragments mixed with garbage, plus round trips where a formatter exists. Every call must finish
 * within {@link #BOUND_MS} however long the input.
 */
class HttpParsersPropertiesTest {
    static final long BOUND_MS = 2_000;
    static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");

    @Provide
    Arbitrary<String> cacheControl() {
        return Hostile.text("max-age", "s-maxage", "no-cache", "no-store", "private", "public", "must-revalidate",
                "max-stale", "min-fresh", "stale-while-revalidate", "stale-if-error", "=", "\"", "\\\"", ", ", "60",
                "=\"a, b\"", "no-cache=\"set-cookie\"");
    }

    @Property(tries = 250)
    void cacheControlNeverThrowsAndEveryLimitIsADeltaSeconds(@ForAll("cacheControl") String a,
            @ForAll("cacheControl") String b) {
        CacheControl cc = neverThrows(BOUND_MS, () -> CacheControl.parse(List.of(a, b)));
        for (OptionalLong v : List.of(cc.maxAge(), cc.sMaxAge(), cc.minFresh(), cc.staleWhileRevalidate(),
                cc.staleIfError())) {
            v.ifPresent(n -> assertThat(n).isBetween(0L, CacheControl.DELTA_SECONDS_MAX));
        }
        cc.maxStale().ifPresent(n -> assertThat(n).isGreaterThanOrEqualTo(0L));
        for (CacheControl.Directive d : cc.directives()) {
            assertThat(CacheControl.isToken(d.name())).as(d.name()).isTrue();
            assertThat(d.name()).isLowerCase();
        }
        neverThrows(BOUND_MS, cc::noCacheFields);
        neverThrows(BOUND_MS, cc::privateFields);
        neverThrows(BOUND_MS, cc::toString);
    }

    @Property(tries = 200)
    void deltaSecondsIsMinusOneOrWithinTheClamp(@ForAll("cacheControl") String text) {
        long n = CacheControl.deltaSeconds(text);
        assertThat(n).isBetween(-1L, CacheControl.DELTA_SECONDS_MAX);
        assertThat(n >= 0).isEqualTo(!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    @Provide
    Arbitrary<String> dates() {
        return Hostile.text("Sun", "Sunday", "Mon", ", ", " ", "06", "6", "Nov", "-Nov-", "1994", "94", "08:49:37",
                "23:59:60", "99:99:99", "GMT", "UTC", "Feb", "29", "31", "0000", "9999", "Sun, 06 Nov 1994 08:49:37 GMT",
                "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994");
    }

    @Property(tries = 250)
    void aParsedDateFormatsToADateThatParsesToTheSameInstant(@ForAll("dates") String text) {
        Optional<Instant> parsed = neverThrows(BOUND_MS, () -> HttpDates.parse(text, NOW));
        parsed.ifPresent(t -> {
            String formatted = HttpDates.format(t);
            assertThat(formatted).hasSize(29);
            assertThat(HttpDates.parse(formatted, NOW)).contains(t);
            assertThat(HttpDates.format(HttpDates.parse(formatted, NOW).orElseThrow())).isEqualTo(formatted);
        });
    }

    @Property(tries = 200)
    void everyFourDigitYearInstantRoundTrips(@ForAll @LongRange(min = -62135596800L, max = 253402300799L) long epoch) {
        Instant t = Instant.ofEpochSecond(epoch);
        assertThat(HttpDates.parse(HttpDates.format(t), NOW)).contains(t);
    }

    @Provide
    Arbitrary<String> ranges() {
        return Hostile.text("bytes=", "bytes", "BYTES=", "items=", "0", "1", "-", "500", "-500", "9500-", "0-0",
                ",", ", ", "10-5", "=", "99999999999999999999", "bytes=0-,0-", ",0-", ",-1");
    }

    @Property(tries = 250)
    void satisfiableRangesLieWithinTheRepresentation(@ForAll("ranges") String header,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long length) {
        ByteRanges.Resolution r = neverThrows(BOUND_MS, () -> ByteRanges.evaluate(header, length));
        if (r.outcome() == ByteRanges.Outcome.SATISFIABLE) {
            assertThat(r.ranges()).isNotEmpty().hasSizeLessThanOrEqualTo(ByteRanges.MAX_RANGES);
            long selected = 0;
            for (ByteRanges.ByteRange b : r.ranges()) {
                assertThat(b.first()).isBetween(0L, b.last());
                assertThat(b.last()).isLessThan(length);
                selected += b.length();
            }
            // no amplification: the range data never exceeds the representation (found: bytes=0-,0-,… did)
            assertThat(selected).isBetween(1L, length);
        } else {
            assertThat(r.ranges()).isEmpty();
        }
        ByteRanges.parse(header).ifPresent(p -> {
            Optional<ByteRanges> again = ByteRanges.parse(p.toString());
            assertThat(again).isPresent();
            assertThat(again.get().specs()).isEqualTo(p.specs());
        });
    }

    @Provide
    Arbitrary<String> etags() {
        return Hostile.text("\"", "W/", "w/", "*", "abc", "\"abc\"", "W/\"x\"", ", ", "\u0080", "\u00ff", "\u0100");
    }

    @Property(tries = 250)
    void anEntityTagPrintsAsItParsesAndListsNeverThrow(@ForAll("etags") String text) {
        Optional<EntityTag> tag = neverThrows(BOUND_MS, () -> EntityTag.parse(text));
        tag.ifPresent(t -> assertThat(EntityTag.parse(t.toString())).contains(t));
        List<EntityTag> list = neverThrows(BOUND_MS, () -> EntityTag.parseList(text));
        for (EntityTag t : list) {
            assertThat(t.isAny() || EntityTag.parse(t.toString()).isPresent()).isTrue();
        }
    }

    @Provide
    Arbitrary<String> varyValues() {
        return Hostile.text("gzip", "en", "fr", ", ", ":", ";", "-", "\"", "1:a", "\u0000absent");
    }

    /** The variant key tells two requests apart exactly when a selecting field's normalised value differs. */
    @Property(tries = 250)
    void variantKeysAreEqualExactlyWhenTheSelectingValuesAre(@ForAll("varyValues") String vary,
            @ForAll("varyValues") String a, @ForAll("varyValues") String b, @ForAll boolean sendA,
            @ForAll boolean sendB) {
        HttpFields response = HttpFields.of("Vary", vary);
        List<String> names = neverThrows(BOUND_MS, () -> Vary.fieldNames(response));
        List<String> all = new java.util.ArrayList<>(names);
        all.add("x-attacker");
        HttpFields r1 = sendA ? HttpFields.of("X-Attacker", a) : HttpFields.EMPTY;
        HttpFields r2 = sendB ? HttpFields.of("X-Attacker", b) : HttpFields.EMPTY;
        String k1 = neverThrows(BOUND_MS, () -> Vary.variantKey(all, r1));
        String k2 = neverThrows(BOUND_MS, () -> Vary.variantKey(all, r2));
        String v1 = String.join(", ", r1.getCsv("x-attacker"));
        String v2 = String.join(", ", r2.getCsv("x-attacker"));
        boolean sameSelection = sendA == sendB && (!sendA || v1.equals(v2));
        assertThat(k1.equals(k2)).as("%s / %s", k1, k2).isEqualTo(sameSelection);
    }

    /** A value spelling the marker of an absent field does not select the absent variant. */
    @Example
    void aValueSpellingTheAbsentMarkerIsNotTheAbsentField() {
        List<String> names = List.of("x-attacker");
        assertThat(Vary.variantKey(names, HttpFields.of("X-Attacker", Vary.ABSENT)))
                .isNotEqualTo(Vary.variantKey(names, HttpFields.EMPTY));
    }

    @Provide
    Arbitrary<String> pushedHeads() {
        return Hostile.text("HTTP/1.1 200 OK", "HTTP/1.0 404", "HTTP/2 200", "\r\n", "\n", "\r", "Content-Length: ",
                "Content-Length: 5, 5", "Transfer-Encoding: chunked", "X-A: b", ": ", " folded", "17", "\r\n\r\n",
                "Cache-Control: max-age=60");
    }

    @Property(tries = 250)
    void aPushedHeadIsParsedIncompleteOrMalformedNeverAnException(@ForAll("pushedHeads") String text,
            @ForAll boolean latin1) {
        byte[] bytes = text.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        PushedResponseHead.Result r = neverThrows(BOUND_MS,
                () -> PushedResponseHead.parse(bytes, bytes.length, PushedResponseHead.DEFAULT_MAX_BYTES));
        switch (r.outcome()) {
            case PARSED -> {
                assertThat(r.status()).isBetween(100, 999);
                assertThat(r.length()).isBetween(1, bytes.length);
                assertThat(bytes[r.length() - 1]).isEqualTo((byte) '\n');
                for (HttpFields.Field f : r.headers()) {
                    assertThat(f.value()).doesNotContain("\r", "\n", "\u0000");
                    assertThat(CacheControl.isToken(f.name())).isTrue();
                }
                assertThat(r.headers().contains("Transfer-Encoding")).isFalse();
            }
            case MALFORMED -> assertThat(r.problem()).isNotBlank();
            case INCOMPLETE -> assertThat(bytes.length).isLessThan(PushedResponseHead.DEFAULT_MAX_BYTES);
        }
    }

    @Property(tries = 100)
    void aHeadThatNeverEndsIsMalformedAtTheLimitNotLater(@ForAll("pushedHeads") String text) {
        byte[] bytes = ("HTTP/1.1 200 OK\r\nX: " + text.replace("\n", "")).repeat(50).getBytes(StandardCharsets.UTF_8);
        PushedResponseHead.Result r = neverThrows(BOUND_MS, () -> PushedResponseHead.parse(bytes, bytes.length, 256));
        if (bytes.length >= 256) {
            assertThat(r.outcome()).isEqualTo(PushedResponseHead.Outcome.MALFORMED);
        }
    }

    @Provide
    Arbitrary<String> html() {
        return Hostile.text("<a href=", "<img src=", "<link href=", "<meta http-equiv=refresh content=", "\"",
                "'", ">", "</a>", "http://", "https://", "javascript:", "//evil.example/", "/x", "../", "#frag", "0; url=",
                "<base href=", "%zz", "[", "::", "<!--", "-->", "<script>", "</script>");
    }

    @Property(tries = 100)
    void htmlLinksAreAbsoluteHttpUrisWithoutFragments(@ForAll("html") String page, @ForAll("charsets") String charset) {
        URI base = URI.create("http://origin.example/dir/page.html");
        List<URI> links = neverThrows(BOUND_MS * 2,
                () -> HtmlLinks.extract(page.getBytes(StandardCharsets.UTF_8), charset, base));
        for (URI u : links) {
            assertThat(u.getScheme()).isIn("http", "https", "HTTP", "HTTPS", "Http", "Https");
            assertThat(u.getHost()).isNotNull();
            assertThat(u.getRawFragment()).isNull();
        }
    }

    @Provide
    Arbitrary<String> charsets() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of("UTF-8", "ISO-8859-1", "utf-16", "windows-1252")),
                net.jqwik.api.Tuple.of(1, Hostile.text("utf", "-", "8", "x-unknown")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
    }

    /** A well-formed pushed head is always PARSED and keeps every field (the generator of valid heads). */
    @Property(tries = 200)
    void aWellFormedHeadIsParsed(@ForAll("validHeads") String head) {
        byte[] bytes = (head + "body").getBytes(StandardCharsets.ISO_8859_1);
        PushedResponseHead.Result r = PushedResponseHead.parse(bytes, bytes.length, PushedResponseHead.DEFAULT_MAX_BYTES);
        assertThat(r.outcome()).as(r.problem()).isEqualTo(PushedResponseHead.Outcome.PARSED);
        assertThat(r.length()).isEqualTo(head.length());
    }

    @Provide
    Arbitrary<String> validHeads() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcXYZ-_09!#").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', '\u00e9')
                .ofMaxLength(30);
        Arbitrary<String> field = Combinators.combine(name, value).as((n, v) -> n + ": " + v + "\r\n");
        Arbitrary<Integer> status = Arbitraries.integers().between(100, 599);
        return Combinators.combine(status, field.list().ofMaxSize(8))
                .as((s, fs) -> "HTTP/1.1 " + s + " Reason\r\n" + String.join("", fs.stream()
                        .filter(f -> !f.regionMatches(true, 0, "Content-Length", 0, 14)
                                && !f.regionMatches(true, 0, "Transfer-Encoding", 0, 17)).toList()) + "\r\n");
    }
}
