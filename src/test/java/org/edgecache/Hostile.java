package org.edgecache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Generators for the hostile-input properties: text that mixes a parser's own grammar fragments with garbage
 * (control characters, CR/LF, NUL, unicode digits and spaces, lone surrogates, huge and negative numbers, quotes and
 * separators), plain random strings, and very long repetitions.
 */
public final class Hostile {
    /** Fragments that break parsers: separators, quotes, controls, odd digits and spaces, numbers out of range. */
    public static final List<String> GARBAGE = List.of("", " ", "  ", "\t", "\r", "\n", "\r\n", "\u0000", "\u0001",
            "\u001f", "\u007f", "\u0085", "\u00a0", "\u00ff", "\u0100", "\u2003", "\u2028", "\ufeff", "\uffff", "é",
            "\uD83D\uDE00", "\uD800", "\uDC00", "\u0663", "\uff11", ",", ";", "=", "==", "\"", "'", "\\", "-", "--",
            "+", "/", "//", ":", "::", "#", "*", "[", "]", "(", ")", "{", "}", "|", "?", "%", "%00", "%0d%0a", "@",
            ".", "..", "0", "00", "9", "-1", "-0", "+1", "1e9", "0x10", "255", "256", "65535", "65536",
            "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999999999999");

    private Hostile() {
    }

    /**
     * Text built from the grammar fragments and {@link #GARBAGE}, mixed with plain random strings (any unicode,
     * ASCII) and long repetitions of a fragment.
     */
    public static Arbitrary<String> text(String... grammar) {
        List<String> all = new ArrayList<>(List.of(grammar));
        all.addAll(GARBAGE);
        Arbitrary<String> fragment = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(grammar.length == 0 ? GARBAGE : List.of(grammar))),
                Tuple.of(2, Arbitraries.of(all)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(8)));
        Arbitrary<String> joined = fragment.list().ofMaxSize(16).map(l -> String.join("", l));
        Arbitrary<String> spaced = fragment.list().ofMaxSize(12).map(l -> String.join(" ", l));
        Arbitrary<String> anyUnicode = Arbitraries.strings().all().ofMaxLength(80);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMaxLength(80);
        Arbitrary<String> longRepeat = fragment.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("", l))
                .flatMap(f -> Arbitraries.integers().between(200, 5_000).map(f::repeat));
        return Arbitraries.frequencyOf(
                Tuple.of(6, joined),
                Tuple.of(3, spaced),
                Tuple.of(2, anyUnicode),
                Tuple.of(2, ascii),
                Tuple.of(1, longRepeat));
    }

    /** Several lines of {@link #text(String...)} (a configuration file). */
    public static Arbitrary<List<String>> lines(String... grammar) {
        return text(grammar).list().ofMaxSize(6);
    }

    /**
     * Runs the parser, and fails unless it returned or threw the documented exception type; also fails when one
     * call takes longer than {@code millis} (no catastrophic backtracking, no quadratic blow-up).
     *
     * @return the result, or null when the documented exception was thrown
     */
    public static <T> T returnsOrThrows(Class<? extends Throwable> documented, long millis, Callable<T> parser) {
        long start = System.nanoTime();
        T result = null;
        try {
            result = parser.call();
        } catch (Throwable t) {
            if (!documented.isInstance(t)) {
                throw new AssertionError("threw " + t + " instead of " + documented.getSimpleName(), t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError(documented.getSimpleName() + " without a message", t);
            }
        }
        long took = (System.nanoTime() - start) / 1_000_000;
        if (took > millis) {
            throw new AssertionError("took " + took + " ms (bound " + millis + " ms)");
        }
        return result;
    }

    /** For parsers that document that they never throw: the result must be non-null, within the time bound. */
    public static <T> T neverThrows(long millis, Callable<T> parser) {
        T result = returnsOrThrows(NeverThrown.class, millis, parser);
        if (result == null) {
            throw new AssertionError("returned null");
        }
        return result;
    }

    /** No parser throws this: {@link #neverThrows} accepts no exception at all. */
    private static final class NeverThrown extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
