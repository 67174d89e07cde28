package org.edgecache.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The response head at the start of a PUSH request's body (seed 003, "Understanding HTTP PUSH": the body "contains
 * the response header and response body that you want to place in the cache"): a status line, header fields, and
 * the empty line that ends them (RFC 9112 §2.1, §4, §5).
 *
 * <p>Lines end with CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept LF); a CR anywhere else, an empty line
 * before the status line, a line folded with leading whitespace (obs-fold), whitespace before a field's colon and
 * control characters in a value are malformed. {@code Transfer-Encoding} is refused: the body is stored as sent, so
 * a coded body would be stored coded. {@code Content-Length} must be one decimal value (repeats must agree).
 */
public final class PushedResponseHead {
    /** The longest head accepted, in bytes (ATS's own header limit is of the same order). */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;

    public enum Outcome {
        /** A complete, well-formed head. */
        PARSED,
        /** No empty line yet: more bytes are needed. */
        INCOMPLETE,
        MALFORMED
    }

    /**
     * @param status  the status code (PARSED only)
     * @param headers the header fields in order (PARSED only)
     * @param length  bytes the head occupies, its final empty line included (PARSED only)
     * @param problem what is wrong (MALFORMED only)
     */
    public record Result(Outcome outcome, int status, HttpFields headers, int length, String problem) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
        }

        public boolean parsed() {
            return outcome == Outcome.PARSED;
        }
    }

    private PushedResponseHead() {
    }

    /**
     * Parses the head at the start of {@code buf[0, len)}. Never throws: whatever the bytes, the outcome is PARSED,
     * INCOMPLETE or MALFORMED (with the problem), and no more than {@code maxBytes} are looked at.
     *
     * @param maxBytes a head that has not ended within this many bytes is MALFORMED
     */
    public static Result parse(byte[] buf, int len, int maxBytes) {
        int end = endOfHead(buf, Math.min(len, maxBytes));
        if (end < 0) {
            return len >= maxBytes ? malformed("the response head is longer than " + maxBytes + " bytes")
                    : new Result(Outcome.INCOMPLETE, 0, HttpFields.EMPTY, 0, null);
        }
        String text = new String(buf, 0, end, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        // the last two elements are the empty line and what follows its LF (nothing)
        int count = lines.length - 2;
        for (int i = 0; i < count + 1; i++) {
            String l = lines[i];
            if (l.endsWith("\r")) {
                l = l.substring(0, l.length() - 1);
            }
            if (l.indexOf('\r') >= 0) {
                return malformed("a bare CR in line " + (i + 1) + " of the response head");
            }
            lines[i] = l;
        }
        if (count < 1 || lines[0].isEmpty()) {
            return malformed("the response head does not start with a status line");
        }
        int status = statusCode(lines[0]);
        if (status < 0) {
            return malformed("'" + printable(lines[0]) + "' is not a status line (HTTP/1.x NNN reason)");
        }
        HttpFields.Builder headers = HttpFields.builder();
        for (int i = 1; i < count; i++) {
            String l = lines[i];
            if (l.charAt(0) == ' ' || l.charAt(0) == '\t') {
                return malformed("line " + (i + 1) + " of the response head is folded (obs-fold)");
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || !isToken(l, 0, colon)) {
                return malformed("line " + (i + 1) + " of the response head, '" + printable(l)
                        + "', is not a header field (name: value)");
            }
            String value = trimOws(l.substring(colon + 1));
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    return malformed("the value of " + l.substring(0, colon) + " contains a control character");
                }
            }
            headers.add(l.substring(0, colon), value);
        }
        HttpFields fields = headers.build();
        if (fields.contains("Transfer-Encoding")) {
            return malformed("a pushed response must not carry Transfer-Encoding: its body is stored as sent");
        }
        String lengthProblem = contentLengthProblem(fields);
        if (lengthProblem != null) {
            return malformed(lengthProblem);
        }
        return new Result(Outcome.PARSED, status, fields, end, null);
    }

    /** The index just past the LF of the first empty line, or -1. */
    private static int endOfHead(byte[] buf, int len) {
        int lineStart = 0;
        for (int i = 0; i < len; i++) {
            if (buf[i] == '\n') {
                int lineLength = i - lineStart;
                if (lineLength == 0 || (lineLength == 1 && buf[lineStart] == '\r')) {
                    return i + 1;
                }
                lineStart = i + 1;
            }
        }
        return -1;
    }

    /** The status code of {@code HTTP/d.d SP ddd [SP reason]}, or -1. */
    private static int statusCode(String line) {
        if (line.length() < 12 || !line.startsWith("HTTP/") || !digit(line.charAt(5)) || line.charAt(6) != '.'
                || !digit(line.charAt(7)) || line.charAt(8) != ' ') {
            return -1;
        }
        char a = line.charAt(9);
        char b = line.charAt(10);
        char c = line.charAt(11);
        if (a < '1' || a > '9' || !digit(b) || !digit(c)) {
            return -1;
        }
        if (line.length() > 12 && line.charAt(12) != ' ') {
            return -1;
        }
        for (int i = 13; i < line.length(); i++) {
            char r = line.charAt(i);
            if ((r < 0x20 && r != '\t') || r == 0x7f) {
                return -1;
            }
        }
        return (a - '0') * 100 + (b - '0') * 10 + (c - '0');
    }

    private static String contentLengthProblem(HttpFields fields) {
        String seen = null;
        for (String v : fields.getAll("Content-Length")) {
            for (String member : v.split(",", -1)) {
                String m = member.trim();
                if (m.isEmpty() || m.length() > 18 || !m.chars().allMatch(PushedResponseHead::digit)) {
                    return "Content-Length '" + printable(v) + "' is not a byte count";
                }
                String normal = Long.toString(Long.parseLong(m));
                if (seen != null && !seen.equals(normal)) {
                    return "the response head has several different Content-Length values";
                }
                seen = normal;
            }
        }
        return null;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || digit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String trimOws(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (b > a && (s.charAt(b - 1) == ' ' || s.charAt(b - 1) == '\t')) {
            b--;
        }
        return s.substring(a, b);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return s.length() > 80 ? sb + "..." : sb.toString();
    }

    private static Result malformed(String problem) {
        return new Result(Outcome.MALFORMED, 0, HttpFields.EMPTY, 0, problem);
    }
}
