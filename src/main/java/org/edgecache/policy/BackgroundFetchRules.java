package org.edgecache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * background_fetch's rules file (ATS behaviour §1.6): one rule a line, {@code include|exclude <field> <value>};
 * blank lines and lines starting with {@code #} are skipped, and so is a trailing {@code  # comment} (a {@code #}
 * after whitespace). The first rule
 * whose condition matches decides; no match allows the fetch.
 *
 * <ul>
 * <li>{@code Client-IP <v>}: the client's address is {@code <v>} (one address, {@code a/n} CIDR or {@code a-b}
 * range, IPv4 or IPv6), or {@code *} (any address).</li>
 * <li>{@code Content-Length <N} / {@code >N}: the origin's 206 announced a Content-Length {@code <= N} /
 * {@code >= N} (inclusive, the partial length, as ATS); no Content-Length never matches.</li>
 * <li>any other {@code <field>}: the client request header of that name (case-insensitive) is present
 * ({@code *}), or its value contains {@code <value>} (case-sensitive). Unlike ATS, which searches only the first
 * comma-separated value of the first field, the whole value is searched (several fields joined by ", ").</li>
 * </ul>
 *
 * Unlike ATS, which logs and skips a malformed line, a malformed line is an error naming the file and line, so
 * that the deployment fails: a rule silently dropped changes which fetches happen.
 */
public final class BackgroundFetchRules {

    /** What a rule does when it matches. */
    public enum Action { INCLUDE, EXCLUDE }

    /** What a rule looks at. */
    public enum Field { CLIENT_IP, CONTENT_LENGTH, HEADER }

    /**
     * One line of the file.
     *
     * @param header     the header name for {@link Field#HEADER}
     * @param value      the value as written
     * @param range      the addresses for a Client-IP rule (null: {@code *})
     * @param lessOrEqual for Content-Length: {@code <N} (true) or {@code >N} (false)
     * @param length     N for Content-Length
     */
    public record Rule(Action action, Field field, String header, String value, IpAllow.AddressRange range,
            boolean lessOrEqual, long length, int line) {

        boolean matches(Request r) {
            return switch (field) {
                case CLIENT_IP -> r.clientAddress() != null
                        && (range == null || range.contains(IpAllow.normalise(r.clientAddress())));
                case CONTENT_LENGTH -> r.partialLength().isPresent()
                        && (lessOrEqual ? r.partialLength().getAsLong() <= length
                                : r.partialLength().getAsLong() >= length);
                case HEADER -> {
                    String v = r.header().apply(header);
                    yield v != null && (value.equals("*") || v.contains(value));
                }
            };
        }
    }

    /**
     * What the rules look at.
     *
     * @param clientAddress the client's address bytes (4 or 16), null when unknown
     * @param header        the client request's field value by name (all fields of the name joined by ", "), null
     *                      when absent
     * @param partialLength the origin 206's Content-Length, empty when it announced none
     */
    public record Request(byte[] clientAddress, Function<String, String> header, OptionalLong partialLength) {
    }

    /** The verdict and the rule that gave it (null: no rule matched). */
    public record Verdict(boolean allowed, Rule rule) {
    }

    private static final BackgroundFetchRules NONE = new BackgroundFetchRules(List.of());

    private final List<Rule> rules;

    public BackgroundFetchRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** No rules: every fetch is allowed. */
    public static BackgroundFetchRules none() {
        return NONE;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The first matching rule decides; no match allows. */
    public Verdict decide(Request request) {
        for (Rule r : rules) {
            if (r.matches(request)) {
                return new Verdict(r.action() == Action.INCLUDE, r);
            }
        }
        return new Verdict(true, null);
    }

    /** Whether some rule looks at the 206's Content-Length (so the decision must wait for the origin's head). */
    public boolean usesContentLength() {
        return rules.stream().anyMatch(r -> r.field() == Field.CONTENT_LENGTH);
    }

    /**
     * Parses a rules file.
     *
     * @param source names the file in messages
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first malformed line
     */
    public static BackgroundFetchRules parse(String source, List<String> lines) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = withoutComment(line).strip();
            if (text.isEmpty()) {
                continue;
            }
            try {
                out.add(rule(text, i + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage() + " (in '"
                        + line.strip() + "'); a rule is 'include|exclude <field> <value>', e.g. 'exclude User-Agent *',"
                        + " 'include Client-IP 10.0.0.0/16', 'exclude Content-Length <1000'");
            }
        }
        return new BackgroundFetchRules(out);
    }

    /** The line up to a {@code #} at its start or after whitespace (a {@code #} inside a value stays). */
    private static String withoutComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static Rule rule(String text, int line) {
        String[] t = text.split("\\s+");
        Action action = switch (t[0].toLowerCase(Locale.ROOT)) {
            case "include" -> Action.INCLUDE;
            case "exclude" -> Action.EXCLUDE;
            default -> throw new IllegalArgumentException("'" + t[0] + "' is neither include nor exclude");
        };
        if (t.length < 3) {
            throw new IllegalArgumentException(t.length == 1 ? "no field and no value" : "no value");
        }
        if (t.length > 3) {
            throw new IllegalArgumentException("more than one value ('" + t[3] + "' follows '" + t[2]
                    + "'); values cannot contain spaces");
        }
        String field = t[1];
        String value = t[2];
        if (field.equalsIgnoreCase("Client-IP")) {
            IpAllow.AddressRange range = value.equals("*") ? null : IpAllow.range(value);
            return new Rule(action, Field.CLIENT_IP, null, value, range, false, 0, line);
        }
        if (field.equalsIgnoreCase("Content-Length")) {
            char op = value.charAt(0);
            String n = value.substring(1);
            if ((op != '<' && op != '>') || n.isEmpty() || n.length() > 18
                    || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("Content-Length takes <N or >N with N a byte count, not '"
                        + value + "'");
            }
            return new Rule(action, Field.CONTENT_LENGTH, null, value, null, op == '<', Long.parseLong(n), line);
        }
        if (!field.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("'" + field + "' is not a header field name");
        }
        return new Rule(action, Field.HEADER, field, value, null, false, 0, line);
    }
}
