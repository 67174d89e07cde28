package org.edgecache.policy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who may use which methods: ATS's {@code ip_allow.config} rules (the classic one-line-per-rule form).
 *
 * <pre>
 * src_ip=127.0.0.1                 action=ip_allow  method=ALL
 * src_ip=10.0.0.0/8                action=ip_allow  method=PUSH|PURGE
 * src_ip=192.168.0.1-192.168.0.99  action=ip_deny   method=PURGE
 * </pre>
 *
 * <p>{@code src_ip} is one address, a CIDR block ({@code a/n}) or an inclusive range ({@code a-b}), IPv4 or IPv6.
 * {@code method} is {@code ALL} or methods joined by {@code |}; without it a rule covers every method. As in ATS, the
 * <em>first</em> rule whose range holds the client address decides: {@code ip_allow} allows the listed methods and
 * refuses the others, {@code ip_deny} refuses the listed methods and allows the others; an address no rule holds is
 * refused everything. IPv4-mapped IPv6 addresses are matched as IPv4.
 *
 * <p>edgecache's admin endpoints are checked as the pseudo-method {@link #ADMIN}. It is allowed only by an
 * {@code ip_allow} rule that lists it or covers every method, never by an {@code ip_deny} rule's "all the others"
 * (so ATS's default file, which denies PUSH|PURGE|DELETE to everyone but loopback, does not open the admin pages).
 */
public final class IpAllow {
    /** The pseudo-method that the admin endpoints (statistics, scheduled-update control) are checked as. */
    public static final String ADMIN = "ADMIN";

    public enum Action { ALLOW, DENY }

    /**
     * @param methods upper-cased; empty means every method
     * @param line    the line of the file the rule came from (0 for built-in rules)
     */
    public record Rule(AddressRange range, Action action, Set<String> methods, int line) {
        public Rule {
            Objects.requireNonNull(range, "range");
            Objects.requireNonNull(action, "action");
            methods = Set.copyOf(methods);
        }

        boolean permits(String method) {
            boolean listed = methods.isEmpty() || methods.contains(method.toUpperCase(Locale.ROOT));
            if (action == Action.ALLOW) {
                return listed;
            }
            return !listed && !method.equalsIgnoreCase(ADMIN);
        }
    }

    /** An inclusive range of addresses of one family (4 or 16 bytes, compared unsigned, big-endian). */
    public record AddressRange(byte[] low, byte[] high) {
        public AddressRange {
            if (low.length != high.length || Arrays.compareUnsigned(low, high) > 0) {
                throw new IllegalArgumentException("not a range");
            }
            low = low.clone();
            high = high.clone();
        }

        public boolean contains(byte[] address) {
            return address.length == low.length && Arrays.compareUnsigned(low, address) <= 0
                    && Arrays.compareUnsigned(address, high) <= 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AddressRange r && Arrays.equals(low, r.low) && Arrays.equals(high, r.high);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
        }

        @Override
        public String toString() {
            return text(low) + "-" + text(high);
        }
    }

    private final List<Rule> rules;

    public IpAllow(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** ATS's default rules: loopback (127.0.0.1 and ::1 exactly) may do anything; no one else PUSH, PURGE, DELETE. */
    public static IpAllow defaults() {
        return parse("built-in defaults", List.of(
                "src_ip=127.0.0.1 action=ip_allow method=ALL",
                "src_ip=::1 action=ip_allow method=ALL",
                "src_ip=0.0.0.0-255.255.255.255 action=ip_deny method=PUSH|PURGE|DELETE",
                "src_ip=::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff action=ip_deny method=PUSH|PURGE|DELETE"));
    }

    /** Whether the client at this address may use the method (or {@link #ADMIN}). */
    public boolean permits(InetAddress client, String method) {
        Rule r = ruleFor(client);
        return r != null && r.permits(method);
    }

    /** The first rule whose range holds the address, or null. */
    public Rule ruleFor(InetAddress client) {
        byte[] a = normalise(client.getAddress());
        for (Rule r : rules) {
            if (r.range().contains(a)) {
                return r;
            }
        }
        return null;
    }

    /**
     * Parses the rules of an {@code ip_allow.config}: one rule a line; blank lines and lines starting with
     * {@code #} are skipped.
     *
     * @param source names the file in messages
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first bad line
     */
    public static IpAllow parse(String source, List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                rules.add(rule(line, i + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new IpAllow(rules);
    }

    private static Rule rule(String line, int number) {
        AddressRange range = null;
        Action action = null;
        Set<String> methods = null;
        for (String token : line.split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + token + "' is not key=value (src_ip=, action=, method=)");
            }
            String key = token.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = token.substring(eq + 1);
            switch (key) {
                case "src_ip" -> {
                    if (range != null) {
                        throw new IllegalArgumentException("src_ip is given twice");
                    }
                    range = range(value);
                }
                case "dest_ip" -> throw new IllegalArgumentException(
                        "dest_ip rules (by the proxy's own address) are not supported; use src_ip");
                case "action" -> {
                    if (action != null) {
                        throw new IllegalArgumentException("action is given twice");
                    }
                    action = switch (value.toLowerCase(Locale.ROOT)) {
                        case "ip_allow" -> Action.ALLOW;
                        case "ip_deny" -> Action.DENY;
                        default -> throw new IllegalArgumentException(
                                "action '" + value + "' is neither ip_allow nor ip_deny");
                    };
                }
                case "method" -> {
                    if (methods == null) {
                        methods = new LinkedHashSet<>();
                    }
                    methods.addAll(methods(value));
                }
                default -> throw new IllegalArgumentException(
                        "unknown key '" + token.substring(0, eq) + "' (allowed: src_ip, action, method)");
            }
        }
        if (range == null) {
            throw new IllegalArgumentException("the rule has no src_ip");
        }
        if (action == null) {
            throw new IllegalArgumentException("the rule has no action (ip_allow or ip_deny)");
        }
        return new Rule(range, action, methods == null ? Set.of() : methods, number);
    }

    /** Upper-cased methods; ALL gives the empty set (every method). */
    private static Set<String> methods(String value) {
        Set<String> out = new LinkedHashSet<>();
        boolean all = false;
        for (String m : value.split("\\|", -1)) {
            if (m.isEmpty() || !m.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("method list '" + value + "' has an empty or invalid method name");
            }
            String upper = m.toUpperCase(Locale.ROOT);
            if (upper.equals("ALL")) {
                all = true;
            } else {
                out.add(upper);
            }
        }
        return all ? Set.of() : out;
    }

    /** One address, {@code a/n} or {@code a-b}. */
    public static AddressRange range(String value) {
        int dash = value.indexOf('-');
        if (dash >= 0) {
            byte[] low = address(value.substring(0, dash));
            byte[] high = address(value.substring(dash + 1));
            if (low.length != high.length) {
                throw new IllegalArgumentException("range '" + value + "' mixes IPv4 and IPv6");
            }
            if (Arrays.compareUnsigned(low, high) > 0) {
                throw new IllegalArgumentException("range '" + value + "' ends before it starts");
            }
            return new AddressRange(low, high);
        }
        int slash = value.indexOf('/');
        if (slash >= 0) {
            byte[] base = address(value.substring(0, slash));
            String bits = value.substring(slash + 1);
            int prefix;
            try {
                prefix = Integer.parseInt(bits);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > base.length * 8 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + value + "' has a prefix length outside 0.."
                        + base.length * 8);
            }
            byte[] low = base.clone();
            byte[] high = base.clone();
            for (int bit = prefix; bit < base.length * 8; bit++) {
                int mask = 0x80 >>> (bit % 8);
                low[bit / 8] &= (byte) ~mask;
                high[bit / 8] |= (byte) mask;
            }
            return new AddressRange(low, high);
        }
        byte[] one = address(value);
        return new AddressRange(one, one);
    }

    /** The bytes of an IPv4 or IPv6 literal (never a DNS lookup); IPv4-mapped IPv6 gives IPv4. */
    static byte[] address(String literal) {
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s, literal);
        }
        if (!IpRange.isIpv6Text(s) || s.charAt(0) == '.') {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        try {
            return normalise(InetAddress.getByName(s).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
    }

    private static byte[] ipv4(String s, String literal) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
            }
            out[i] = (byte) Integer.parseInt(p);
        }
        return out;
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) as its 4 IPv4 bytes; anything else unchanged. */
    static byte[] normalise(byte[] a) {
        if (a.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return a;
                }
            }
            if (a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
                return Arrays.copyOfRange(a, 12, 16);
            }
        }
        return a;
    }

    private static String text(byte[] a) {
        try {
            InetAddress ia = InetAddress.getByAddress(a);
            return ia instanceof Inet6Address ? ia.getHostAddress() : ((Inet4Address) ia).getHostAddress();
        } catch (UnknownHostException e) {
            return Arrays.toString(a);
        }
    }
}
