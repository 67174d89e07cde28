package org.edgecache.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code Range} header in the {@code bytes} unit (RFC 9110 §14.1.2, §14.2), parsed without a length
 * and then resolved against the length of the selected representation.
 *
 * <p>Three outcomes, as §14.2 asks: {@link Outcome#IGNORE} (not a valid bytes range set: serve the
 * whole representation with 200), {@link Outcome#UNSATISFIABLE} (valid, but no range overlaps the
 * representation: 416 with {@link #unsatisfied(long)}), {@link Outcome#SATISFIABLE} (the satisfiable
 * ranges, resolved and clamped, in the order the client asked for them; nothing is coalesced or
 * re-ordered, overlapping ranges are kept as sent). Two kinds of range set are ignored as abusive (§14.2 lets a
 * server ignore them; RFC 9110 §17.15 warns of the amplification): more than {@link #MAX_RANGES} ranges, and
 * satisfiable ranges that together select more bytes than the representation has (only overlaps can, e.g.
 * {@code bytes=0-,0-,0-}), so that an answer never carries more than the representation's length in range data.
 *
 * <p>Never throws: a header that is not a valid range set is {@link Outcome#IGNORE}.
 */
public final class ByteRanges {

    /** The most ranges one header may list before the whole header is ignored. */
    public static final int MAX_RANGES = 100;

    /** One range-spec as sent: {@code first-last}, {@code first-} or {@code -suffix}. */
    public record Spec(long first, long last, long suffixLength) {
        static final long NONE = -1;

        public boolean isSuffix() {
            return first == NONE;
        }

        /** The resolved range against {@code length}, or null if this spec is not satisfiable. */
        ByteRange resolve(long length) {
            if (isSuffix()) {
                if (suffixLength == 0 || length == 0) {
                    return null;
                }
                long n = Math.min(suffixLength, length);
                return new ByteRange(length - n, length - 1);
            }
            if (first >= length) {
                return null;
            }
            long end = last == NONE ? length - 1 : Math.min(last, length - 1);
            return new ByteRange(first, end);
        }
    }

    /** A satisfiable, resolved byte range: both ends inclusive, {@code first <= last < length}. */
    public record ByteRange(long first, long last) {
        public ByteRange {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad range " + first + "-" + last);
            }
        }

        public long length() {
            return last - first + 1;
        }

        /** The Content-Range value {@code bytes first-last/length}. */
        public String contentRange(long completeLength) {
            return "bytes " + first + "-" + last + "/" + completeLength;
        }
    }

    public enum Outcome { IGNORE, UNSATISFIABLE, SATISFIABLE }

    /** The result of resolving a Range header against a length; {@code ranges} is empty unless SATISFIABLE. */
    public record Resolution(Outcome outcome, List<ByteRange> ranges) {
        public boolean isMultiple() {
            return ranges.size() > 1;
        }
    }

    private final List<Spec> specs;

    private ByteRanges(List<Spec> specs) {
        this.specs = specs;
    }

    /** Parses a Range field value; empty if it is not a valid {@code bytes} range set. */
    public static Optional<ByteRanges> parse(String rangeHeader) {
        if (rangeHeader == null) {
            return Optional.empty();
        }
        int eq = rangeHeader.indexOf('=');
        if (eq < 0 || !rangeHeader.substring(0, eq).stripLeading().toLowerCase(Locale.ROOT).equals("bytes")) {
            return Optional.empty();
        }
        String set = rangeHeader.substring(eq + 1);
        List<String> members = new ArrayList<>();
        HttpFields.splitCsv(set, members);
        if (members.isEmpty() || members.size() > MAX_RANGES) {
            return Optional.empty();
        }
        List<Spec> specs = new ArrayList<>(members.size());
        for (String m : members) {
            Spec s = spec(m);
            if (s == null) {
                return Optional.empty();
            }
            specs.add(s);
        }
        return Optional.of(new ByteRanges(Collections.unmodifiableList(specs)));
    }

    /** Parses and resolves in one step: an invalid header gives {@link Outcome#IGNORE}. */
    public static Resolution evaluate(String rangeHeader, long length) {
        return parse(rangeHeader).map(r -> r.resolve(length)).orElse(new Resolution(Outcome.IGNORE, List.of()));
    }

    /** The Content-Range value of a 416: {@code bytes *}{@code /length}. */
    public static String unsatisfied(long length) {
        return "bytes */" + length;
    }

    public List<Spec> specs() {
        return specs;
    }

    /**
     * Resolves against the representation length. With a zero length no byte can be selected; a range
     * set that contains a suffix-range is then ignored (the empty 200 is exactly what was asked for),
     * any other is unsatisfiable.
     */
    public Resolution resolve(long length) {
        List<ByteRange> out = new ArrayList<>(specs.size());
        boolean suffix = false;
        for (Spec s : specs) {
            suffix |= s.isSuffix() && s.suffixLength() > 0;
            ByteRange r = s.resolve(length);
            if (r != null) {
                out.add(r);
            }
        }
        if (!out.isEmpty()) {
            long selected = 0;
            for (ByteRange r : out) {
                selected += r.length();
                if (selected > length || selected < 0) {
                    return new Resolution(Outcome.IGNORE, List.of());
                }
            }
            return new Resolution(Outcome.SATISFIABLE, Collections.unmodifiableList(out));
        }
        if (length == 0 && suffix) {
            return new Resolution(Outcome.IGNORE, List.of());
        }
        return new Resolution(Outcome.UNSATISFIABLE, List.of());
    }

    private static Spec spec(String member) {
        int dash = member.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String a = member.substring(0, dash);
        String b = member.substring(dash + 1);
        if (a.isEmpty()) {
            long suffix = number(b);
            return suffix < 0 ? null : new Spec(Spec.NONE, Spec.NONE, suffix);
        }
        long first = number(a);
        if (first < 0) {
            return null;
        }
        if (b.isEmpty()) {
            return new Spec(first, Spec.NONE, Spec.NONE);
        }
        long last = number(b);
        if (last < 0 || last < first) {
            return null;
        }
        return new Spec(first, last, Spec.NONE);
    }

    /** 1*DIGIT saturating at Long.MAX_VALUE, or -1. */
    private static long number(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            n = n > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : n * 10 + d;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("bytes=");
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            if (i > 0) {
                sb.append(',');
            }
            if (s.isSuffix()) {
                sb.append('-').append(s.suffixLength());
            } else {
                sb.append(s.first()).append('-');
                if (s.last() != Spec.NONE) {
                    sb.append(s.last());
                }
            }
        }
        return sb.toString();
    }
}
