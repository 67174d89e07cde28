package org.edgecache.web;

import org.edgecache.policy.SquidCode;

/**
 * One line of the access log in ATS's squid format:
 * {@code <time> <elapsed> <client> <code>/<status> <bytes> <method> <url> - <hierarchy>/<host> <content-type>},
 * e.g. {@code 1732259400.123 2 127.0.0.1 TCP_HIT/200 1024 GET http://cache.example/a.css - NONE/- text/css}.
 * The time is when the request arrived, in seconds with milliseconds; the elapsed time is in milliseconds; the
 * bytes are the body bytes sent to the client. Fields are separated by one space, so a space, a control character
 * or a non-ASCII character inside the URL is written %-encoded, and spaces in the content type are left out.
 */
final class AccessLogLine {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AccessLogLine() {
    }

    /**
     * Appends the line (without a line end) to {@code sb}.
     *
     * @param startMillis when the request arrived (epoch milliseconds)
     * @param originHost  the origin asked ({@code DIRECT/<host>}), or null when none was ({@code NONE/-})
     * @param contentType the response's content type, or null ({@code -})
     */
    static StringBuilder append(StringBuilder sb, long startMillis, long elapsedMillis, String client, SquidCode code,
            int status, long bytes, String method, String url, String originHost, String contentType) {
        long seconds = Math.floorDiv(startMillis, 1000);
        int millis = (int) Math.floorMod(startMillis, 1000);
        sb.append(seconds).append('.');
        if (millis < 100) {
            sb.append('0');
        }
        if (millis < 10) {
            sb.append('0');
        }
        sb.append(millis).append(' ').append(elapsedMillis).append(' ').append(orDash(client)).append(' ')
                .append(code.name()).append('/').append(status).append(' ').append(bytes).append(' ')
                .append(orDash(method)).append(' ');
        appendEscaped(sb, url);
        sb.append(" - ");
        if (originHost == null) {
            sb.append("NONE/-");
        } else {
            sb.append("DIRECT/").append(originHost);
        }
        sb.append(' ');
        if (contentType == null || contentType.isEmpty()) {
            sb.append('-');
        } else {
            for (int i = 0; i < contentType.length(); i++) {
                char c = contentType.charAt(i);
                if (c > ' ' && c < 0x7F) {
                    sb.append(c);
                }
            }
        }
        return sb;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static void appendEscaped(StringBuilder sb, String url) {
        if (url == null || url.isEmpty()) {
            sb.append('-');
            return;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c > ' ' && c < 0x7F) {
                sb.append(c);
            } else if (c < 0x80) {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                for (byte b : String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                    sb.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            }
        }
    }
}
