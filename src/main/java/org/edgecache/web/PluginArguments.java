package org.edgecache.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An ATS plugin's argument string ({@code pparam}) in getopt_long's grammar, shared by the plugin filters:
 * {@code --long}, {@code --long=value}, {@code --long value}, unambiguous abbreviations of long names, {@code -x},
 * bundled short flags {@code -xyz}, {@code -i value}, {@code -ivalue} (and, leniently, {@code -i=value});
 * {@code @pparam=} prefixes pasted from remap.config are dropped. Unlike ATS, short options work and nothing is
 * silently ignored: an unknown option fails with a message naming it, the whole string and what is allowed.
 */
final class PluginArguments {
    /** One option: its long name, its short letter, and whether it takes a value. */
    record Spec(String longName, char shortName, boolean takesValue) {
        String usage() {
            return "--" + longName + (takesValue ? "=<value>" : "") + " (-" + shortName + (takesValue ? " <value>" : "")
                    + ")";
        }
    }

    /** An option as given: a flag has a null value; so has a value option written without one (the caller decides). */
    record Given(Spec spec, String value) {
    }

    private PluginArguments() {
    }

    /**
     * @param where      names the parameter in messages (e.g. "filter 'crr': parameter 'pparam'")
     * @param positional accepts a word that is not an option (e.g. a deprecated form); a word it refuses is an error
     * @param allowed    the allowed options, for messages
     */
    static List<Given> parse(String where, String arguments, List<Spec> specs, Predicate<String> positional,
            String allowed) {
        List<String> args = new ArrayList<>();
        for (String t : arguments.trim().split("\\s+")) {
            String arg = t.startsWith("@pparam=") ? t.substring("@pparam=".length()) : t;
            if (!arg.isEmpty()) {
                args.add(arg);
            }
        }
        List<Given> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                Spec s = byLongOrUniquePrefix(specs, eq < 0 ? arg.substring(2) : arg.substring(2, eq));
                if (s == null) {
                    throw unknown(where, arguments, arg, allowed);
                }
                if (!s.takesValue()) {
                    if (eq >= 0) {
                        throw new ConfigException(where + " has '" + arg + "' (in '" + arguments.trim() + "'), but --"
                                + s.longName() + " takes no value");
                    }
                    out.add(new Given(s, null));
                } else if (eq >= 0) {
                    out.add(new Given(s, arg.substring(eq + 1)));
                } else {
                    out.add(new Given(s, i + 1 < args.size() ? args.get(++i) : null));
                }
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.startsWith("--")) {
                for (int k = 1; k < arg.length(); k++) {
                    Spec s = byShort(specs, arg.charAt(k));
                    if (s == null) {
                        throw unknown(where, arguments, "-" + arg.charAt(k), allowed);
                    }
                    if (!s.takesValue()) {
                        out.add(new Given(s, null));
                        continue;
                    }
                    String rest = arg.substring(k + 1);
                    if (rest.startsWith("=")) {
                        rest = rest.substring(1);
                    }
                    out.add(new Given(s, !rest.isEmpty() ? rest : i + 1 < args.size() ? args.get(++i) : null));
                    break;
                }
            } else if (!positional.test(arg)) {
                throw unknown(where, arguments, arg, allowed);
            }
        }
        return out;
    }

    /** The usage of every option, for messages. */
    static String usage(List<Spec> specs) {
        List<String> out = new ArrayList<>();
        for (Spec s : specs) {
            out.add(s.usage());
        }
        return String.join(", ", out);
    }

    static Spec byLong(List<Spec> specs, String name) {
        for (Spec s : specs) {
            if (s.longName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** As getopt_long: an exact name, or an abbreviation only one option starts with. */
    private static Spec byLongOrUniquePrefix(List<Spec> specs, String name) {
        Spec exact = byLong(specs, name);
        if (exact != null || name.isEmpty()) {
            return exact;
        }
        Spec found = null;
        for (Spec s : specs) {
            if (s.longName().startsWith(name)) {
                if (found != null) {
                    return null;
                }
                found = s;
            }
        }
        return found;
    }

    private static Spec byShort(List<Spec> specs, char c) {
        for (Spec s : specs) {
            if (s.shortName() == c) {
                return s;
            }
        }
        return null;
    }

    private static ConfigException unknown(String where, String arguments, String arg, String allowed) {
        return new ConfigException(where + " has the unknown option '" + arg + "' (in '" + arguments.trim()
                + "'); allowed: " + allowed);
    }
}
