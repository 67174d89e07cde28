package org.edgecache.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Vary (RFC 9110 §12.5.5) and secondary-key matching (RFC 9111 §4.1).
 *
 * <p>Normalisation (RFC 9111 §4.1 lets a cache normalise "by combining multiple header field lines and
 * normalizing whitespace"): the lines of a selecting field are split into list members (commas inside
 * quoted strings respected), each trimmed, empty members dropped, and joined with {@code ", "}. Case
 * is kept: values are compared exactly. An absent field is a marker distinct from every present
 * value, including the empty one. Nothing here throws, whatever the field names and values.
 */
public final class Vary {

    /** The selecting value of a field the request did not send. */
    public static final String ABSENT = "\u0000absent";

    private Vary() {
    }

    /** The lower-cased field names of every Vary line, duplicates removed, {@code *} kept. */
    public static List<String> fieldNames(HttpFields responseHeaders) {
        List<String> out = new ArrayList<>();
        for (String member : responseHeaders.getCsv("Vary")) {
            String lower = member.toLowerCase(Locale.ROOT);
            if (!out.contains(lower)) {
                out.add(lower);
            }
        }
        return out;
    }

    /** Whether the list holds {@code *}: such a response never matches a later request. */
    public static boolean hasStar(List<String> varyNames) {
        return varyNames.contains("*");
    }

    /** The normalised value of the named request field, or {@link #ABSENT}. */
    public static String selectingValue(HttpFields requestHeaders, String fieldName) {
        if (!requestHeaders.contains(fieldName)) {
            return ABSENT;
        }
        return String.join(", ", requestHeaders.getCsv(fieldName));
    }

    /**
     * A string that is equal for two requests iff every field named in {@code varyNames} has the same
     * normalised value in both (names compared case-insensitively, order and duplicates irrelevant).
     * The key is length-prefixed, so no value can imitate another. Callers must check
     * {@link #hasStar(List)} first: {@code *} is not a field and is skipped here.
     */
    public static String variantKey(List<String> varyNames, HttpFields requestHeaders) {
        TreeSet<String> names = new TreeSet<>();
        for (String n : varyNames) {
            if (!n.equals("*")) {
                names.add(n.toLowerCase(Locale.ROOT));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            String v = selectingValue(requestHeaders, n);
            sb.append(n).append(':');
            if (v.equals(ABSENT)) {
                sb.append('-');
            } else {
                sb.append(v.length()).append(':').append(v);
            }
            sb.append(';');
        }
        return sb.toString();
    }

    /**
     * Whether a stored response, kept under {@code storedVariantKey} for this Vary list, may answer the new request:
     * never with {@code *}, else when the request's selecting fields give the same variant key.
     */
    public static boolean selects(List<String> varyNames, String storedVariantKey, HttpFields newRequest) {
        return !hasStar(varyNames) && variantKey(varyNames, newRequest).equals(storedVariantKey);
    }

    /** Whether the stored request and the new request select the same variant for this Vary list. */
    public static boolean matches(List<String> varyNames, HttpFields storedRequest, HttpFields newRequest) {
        return !hasStar(varyNames) && variantKey(varyNames, storedRequest).equals(variantKey(varyNames, newRequest));
    }
}
