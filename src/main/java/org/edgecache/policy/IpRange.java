package org.edgecache.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An inclusive range of IP addresses of one family, written as ATS writes them: one address
 * ({@code 10.0.0.1}), a range ({@code 10.0.0.1-10.0.0.9}) or a CIDR block ({@code 10.0.0.0/8},
 * {@code fe80::/10}). Only literals are accepted: parsing never looks a name up.
 */
public final class IpRange {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private final int length;
    private final BigInteger first;
    private final BigInteger last;
    private final String text;

    private IpRange(int length, BigInteger first, BigInteger last, String text) {
        this.length = length;
        this.first = first;
        this.last = last;
        this.text = text;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static IpRange parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        if (slash >= 0) {
            byte[] base = literal(t.substring(0, slash));
            int bits;
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + t + "': the prefix length after / is not a number");
            }
            if (bits < 0 || bits > base.length * 8) {
                throw new IllegalArgumentException("'" + t + "': the prefix length must be 0 to " + base.length * 8);
            }
            BigInteger all = BigInteger.ONE.shiftLeft(base.length * 8).subtract(BigInteger.ONE);
            BigInteger hostMask = BigInteger.ONE.shiftLeft(base.length * 8 - bits).subtract(BigInteger.ONE);
            BigInteger value = new BigInteger(1, base);
            BigInteger lo = value.and(all.xor(hostMask));
            return new IpRange(base.length, lo, lo.or(hostMask), t);
        }
        int dash = t.indexOf('-');
        if (dash >= 0) {
            byte[] a = literal(t.substring(0, dash));
            byte[] b = literal(t.substring(dash + 1));
            if (a.length != b.length) {
                throw new IllegalArgumentException("'" + t + "': both ends of a range must be IPv4, or both IPv6");
            }
            BigInteger lo = new BigInteger(1, a);
            BigInteger hi = new BigInteger(1, b);
            if (hi.compareTo(lo) < 0) {
                throw new IllegalArgumentException("'" + t + "': the range ends before it starts");
            }
            return new IpRange(a.length, lo, hi, t);
        }
        byte[] one = literal(t);
        BigInteger v = new BigInteger(1, one);
        return new IpRange(one.length, v, v, t);
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] b = address.getAddress();
        if (b.length != length) {
            return false;
        }
        BigInteger v = new BigInteger(1, b);
        return first.compareTo(v) <= 0 && v.compareTo(last) <= 0;
    }

    /** An IPv4 or IPv6 literal as bytes; never a name lookup. */
    public static byte[] literal(String s) {
        String t = s.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.indexOf(':') < 0) {
            var m = IPV4.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + s + "' is not an IP address");
            }
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                int n = Integer.parseInt(m.group(i + 1));
                if (n > 255) {
                    throw new IllegalArgumentException("'" + s + "' is not an IP address");
                }
                out[i] = (byte) n;
            }
            return out;
        }
        if (!isIpv6Text(t)) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
        try {
            // a string with ':' and only hex digits, ':' and '.' is parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(t).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    /**
     * Whether the text has only the characters of an IPv6 literal: ASCII hex digits, {@code :} and {@code .}. Only
     * such text is handed to {@link InetAddress#getByName}, which then parses it and never looks it up; a
     * {@link Character#digit} check would let other scripts' digits through (e.g. {@code \u0663::}), and the JDK
     * sends those to the resolver as host names.
     */
    static boolean isIpv6Text(String t) {
        if (t.isEmpty() || t.indexOf(':') < 0) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
