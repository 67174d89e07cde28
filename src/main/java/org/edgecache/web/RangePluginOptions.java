package org.edgecache.web;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * cache_range_requests' options (ATS behaviour §2.7), read from a filter's init-params: one per long option
 * ({@code ps-cachekey}, {@code verify-cacheability}, …; a flag is on with {@code true}), or {@code pparam}
 * holding the plugin's argument string as ATS takes it ({@code --ps-cachekey -v --ims-header=X-Foo}), long and
 * short forms alike, in getopt_long's grammar (bundled short flags, {@code --name=value} or {@code --name value},
 * unambiguous abbreviations; {@code @pparam=} prefixes pasted from remap.config are dropped). Unlike ATS, short
 * options work and nothing is silently ignored: an unknown option or init-param fails the deployment. An option
 * given in {@code pparam} wins over the init-param of the same name, as for every plugin filter; the grammar is
 * {@link PluginArguments}'s.
 *
 * @param psCacheKey             {@code --ps-cachekey} / {@code -p} (also the deprecated positional
 *                               {@code ps_mode:cache_key_url}): the cache key is the parent-selection key too
 * @param noModifyCacheKey       {@code --no-modify-cachekey} / {@code -n}: leave the cache key alone
 * @param verifyCacheability     {@code --verify-cacheability} / {@code -v}: swap 206 to 200 only when the cache's
 *                               policy would store the 200
 * @param cacheCompleteResponses {@code --cache-complete-responses} / {@code -r}: store an origin 200 under the range
 *                               key
 * @param considerIms            {@code --consider-ims} / {@code -c}: honour {@link #imsHeader}
 * @param imsHeader              {@code --ims-header=<name>} / {@code -i <name>} (implies consider-ims); default
 *                               {@code X-Crr-Ims}
 * @param considerIdent          {@code --consider-ident} / {@code -d}: honour {@link #identHeader}
 * @param identHeader            {@code --ident-header=<name>} / {@code -j <name>} (implies consider-ident); default
 *                               {@code X-Crr-Ident}
 */
public record RangePluginOptions(boolean psCacheKey, boolean noModifyCacheKey, boolean verifyCacheability,
        boolean cacheCompleteResponses, boolean considerIms, String imsHeader, boolean considerIdent,
        String identHeader) {

    public static final String PPARAM = "pparam";
    public static final String DEFAULT_IMS_HEADER = "X-Crr-Ims";
    public static final String DEFAULT_IDENT_HEADER = "X-Crr-Ident";

    /** The options: long name, short letter, whether it takes a value. */
    private enum Option {
        PS_CACHEKEY("ps-cachekey", 'p', false),
        NO_MODIFY_CACHEKEY("no-modify-cachekey", 'n', false),
        VERIFY_CACHEABILITY("verify-cacheability", 'v', false),
        CACHE_COMPLETE_RESPONSES("cache-complete-responses", 'r', false),
        CONSIDER_IMS("consider-ims", 'c', false),
        IMS_HEADER("ims-header", 'i', true),
        CONSIDER_IDENT("consider-ident", 'd', false),
        IDENT_HEADER("ident-header", 'j', true);

        final String longName;
        final char shortName;
        final boolean takesValue;
        final PluginArguments.Spec spec;

        Option(String longName, char shortName, boolean takesValue) {
            this.longName = longName;
            this.shortName = shortName;
            this.takesValue = takesValue;
            this.spec = new PluginArguments.Spec(longName, shortName, takesValue);
        }

        static Option byLong(String name) {
            for (Option o : values()) {
                if (o.longName.equals(name)) {
                    return o;
                }
            }
            return null;
        }

        static List<PluginArguments.Spec> specs() {
            List<PluginArguments.Spec> out = new ArrayList<>();
            for (Option o : values()) {
                out.add(o.spec);
            }
            return out;
        }
    }

    private static final String DEPRECATED_PS_MODE = "ps_mode:cache_key_url";
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

    /** No option set: the key is modified, 206s are swapped blindly, complete responses are not stored. */
    public static RangePluginOptions defaults() {
        return new RangePluginOptions(false, false, false, false, false, DEFAULT_IMS_HEADER, false,
                DEFAULT_IDENT_HEADER);
    }

    /**
     * Reads a filter's init-params.
     *
     * @param params         the init-params (placeholders resolved)
     * @param initParamNames the names of every init-param the filter has, to refuse unknown ones
     */
    public static RangePluginOptions from(Params params, Iterable<String> initParamNames) {
        for (String name : initParamNames) {
            if (!name.equals(PPARAM) && Option.byLong(name) == null) {
                throw new ConfigException(params.scope() + ": unknown init-param '" + name + "'; allowed: " + PPARAM
                        + ", " + String.join(", ", longNames()));
            }
        }
        Builder b = new Builder();
        String pparam = params.raw(PPARAM);
        if (pparam != null) {
            b.arguments(params.scope() + ": parameter '" + PPARAM + "'", pparam);
        }
        for (Option o : Option.values()) {
            if (params.raw(o.longName) == null || b.given.contains(o)) {
                continue;
            }
            if (o.takesValue) {
                String v = params.raw(o.longName);
                if (!isToken(v)) {
                    throw params.error(o.longName, v, "a header field name");
                }
                b.set(o, v);
            } else {
                b.flag(o, params.bool(o.longName, false));
            }
        }
        return b.build();
    }

    /** Parses an ATS argument string ({@code @pparam} values, whitespace-separated); {@code where} names it. */
    public static RangePluginOptions parse(String where, String arguments) {
        Builder b = new Builder();
        b.arguments(where, arguments);
        return b.build();
    }

    private static List<String> longNames() {
        List<String> out = new ArrayList<>();
        for (Option o : Option.values()) {
            out.add(o.longName);
        }
        return out;
    }

    private static String allowed() {
        List<String> out = new ArrayList<>();
        for (Option o : Option.values()) {
            out.add("--" + o.longName + (o.takesValue ? "=<name>" : "") + " (-" + o.shortName
                    + (o.takesValue ? " <name>" : "") + ")");
        }
        return String.join(", ", out) + ", " + DEPRECATED_PS_MODE;
    }

    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || TCHAR.indexOf(c) >= 0))) {
                return false;
            }
        }
        return true;
    }

    private static final class Builder {
        private boolean psCacheKey;
        private boolean noModifyCacheKey;
        private boolean verifyCacheability;
        private boolean cacheCompleteResponses;
        private boolean considerIms;
        private String imsHeader = DEFAULT_IMS_HEADER;
        private boolean considerIdent;
        private String identHeader = DEFAULT_IDENT_HEADER;
        /** The options the argument string gave (an implied consider-* included). */
        private final Set<Option> given = EnumSet.noneOf(Option.class);

        void flag(Option o, boolean on) {
            switch (o) {
                case PS_CACHEKEY -> psCacheKey = on;
                case NO_MODIFY_CACHEKEY -> noModifyCacheKey = on;
                case VERIFY_CACHEABILITY -> verifyCacheability = on;
                case CACHE_COMPLETE_RESPONSES -> cacheCompleteResponses = on;
                case CONSIDER_IMS -> considerIms = on;
                case CONSIDER_IDENT -> considerIdent = on;
                default -> throw new IllegalArgumentException(o.longName);
            }
        }

        void set(Option o, String headerName) {
            if (o == Option.IMS_HEADER) {
                imsHeader = headerName;
                considerIms = true;
            } else {
                identHeader = headerName;
                considerIdent = true;
            }
        }

        private void give(Option o) {
            given.add(o);
            if (o == Option.IMS_HEADER) {
                given.add(Option.CONSIDER_IMS);
            } else if (o == Option.IDENT_HEADER) {
                given.add(Option.CONSIDER_IDENT);
            }
        }

        /** The argument string, in getopt_long's grammar ({@link PluginArguments}). */
        void arguments(String where, String arguments) {
            java.util.function.Predicate<String> deprecatedPsMode = arg -> {
                if (!arg.equals(DEPRECATED_PS_MODE)) {
                    return false;
                }
                flag(Option.PS_CACHEKEY, true);
                give(Option.PS_CACHEKEY);
                return true;
            };
            for (PluginArguments.Given g : PluginArguments.parse(where, arguments, Option.specs(), deprecatedPsMode,
                    allowed())) {
                Option o = Option.byLong(g.spec().longName());
                give(o);
                if (o.takesValue) {
                    set(o, value(where, arguments, o, g.value()));
                } else {
                    flag(o, true);
                }
            }
        }

        private static String value(String where, String arguments, Option o, String v) {
            if (v == null || !isToken(v)) {
                throw new ConfigException(where + " has --" + o.longName + (v == null ? " without a value" : "='" + v
                        + "'") + " (in '" + arguments.trim() + "'); allowed: a header field name, e.g. --"
                        + o.longName + "=" + (o == Option.IMS_HEADER ? DEFAULT_IMS_HEADER : DEFAULT_IDENT_HEADER));
            }
            return v;
        }

        RangePluginOptions build() {
            return new RangePluginOptions(psCacheKey, noModifyCacheKey, verifyCacheability, cacheCompleteResponses,
                    considerIms, imsHeader, considerIdent, identHeader);
        }
    }
}
