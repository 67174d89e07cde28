package org.edgecache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The shape ATS's rule files share (congestion.config, parent.config): one rule per line, {@code #} starts a
 * comment, a rule is blank-separated {@code key=value} tokens whose value may be double-quoted to hold blanks.
 */
final class AtsRuleFile {
    private AtsRuleFile() {
    }

    /**
     * Turns every non-blank, non-comment line into a rule with {@code rule.apply(text, lineNumber)}.
     *
     * @throws IllegalArgumentException "{@code <source> line <n>: <reason>}" for the first line the rule function
     *     refuses with an IllegalArgumentException
     */
    static <R> List<R> parse(String source, List<String> lines, BiFunction<String, Integer, R> rule) {
        List<R> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String text = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (text.isEmpty()) {
                continue;
            }
            try {
                rules.add(rule.apply(text, i + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return List.copyOf(rules);
    }

    /** Splits on blanks, keeping a double-quoted value ({@code parent="a:1; b:2"}) in one token, quotes included. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quote is not closed");
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The value without its surrounding double quotes, if it has them. */
    static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
