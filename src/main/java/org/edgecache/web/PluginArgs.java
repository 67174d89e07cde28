package org.edgecache.web;

import java.util.HashMap;
import java.util.Map;

/**
 * A plugin filter's options: init-params named after the ATS plugin's long options, or one {@code pparam}
 * init-param holding the plugin's argument string as ATS takes it ({@code --delay=200 -r 3}). Long and short forms
 * both work (unlike ATS, a short option is never silently ignored); an unknown option fails the deployment.
 */
final class PluginArgs {
    private final Map<String, String> values;

    private PluginArgs(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param shortForms long option name → its one-letter short form
     */
    static PluginArgs parse(Params p, String pparamName, Map<String, String> shortForms) {
        Map<String, String> out = new HashMap<>();
        String raw = p.raw(pparamName);
        if (raw == null || raw.isBlank()) {
            return new PluginArgs(out);
        }
        String[] tokens = raw.trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            String name;
            String value = null;
            if (t.startsWith("--")) {
                int eq = t.indexOf('=');
                name = eq < 0 ? t.substring(2) : t.substring(2, eq);
                value = eq < 0 ? null : t.substring(eq + 1);
            } else if (t.startsWith("-") && t.length() >= 2) {
                String letter = t.substring(1, 2);
                name = shortForms.entrySet().stream().filter(e -> e.getValue().equals(letter)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                if (name == null) {
                    throw p.error(pparamName, raw, "the options " + describe(shortForms) + "; '" + t + "' is unknown");
                }
                value = t.length() > 2 ? t.substring(2).replaceFirst("^=", "") : null;
            } else {
                throw p.error(pparamName, raw, "options starting with - or --; '" + t + "' is not one");
            }
            if (!shortForms.containsKey(name)) {
                throw p.error(pparamName, raw, "the options " + describe(shortForms) + "; '" + t + "' is unknown");
            }
            if (value == null && i + 1 < tokens.length && !tokens[i + 1].startsWith("-")) {
                value = tokens[++i];
            }
            out.put(name, value == null ? "true" : value);
        }
        return new PluginArgs(out);
    }

    private static String describe(Map<String, String> shortForms) {
        StringBuilder sb = new StringBuilder();
        shortForms.forEach((l, s) -> sb.append(sb.length() == 0 ? "" : ", ").append("--").append(l).append(" (-")
                .append(s).append(')'));
        return sb.toString();
    }

    /** The option's value from pparam, else from the init-param of the same name, else the default. */
    long integer(Params p, String name, long defaultValue, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return p.integer(name, defaultValue, min, max);
        }
        Params single = new Params(p.scope() + " pparam", n -> n.equals(name) ? v : null, n -> null);
        return single.integer(name, defaultValue, min, max);
    }
}
