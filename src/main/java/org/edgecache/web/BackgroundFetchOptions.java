package org.edgecache.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * background_fetch's options (ATS behaviour §1.2), read from a filter's init-params: {@code config} (the rules
 * file), {@code log} (the name of the fetch log), {@code allow-304} ({@code true} to trigger on a 304 too); or
 * {@code pparam} holding the plugin's argument string as ATS takes it: {@code --config=<file> --log=<name>
 * --allow-304}, {@code --name value}, the short forms {@code -c <file>}, {@code -l <name>}, {@code -a} (broken in
 * ATS, working here), or, as ATS's backward-compatible form, the rules file alone as the bare first argument. An
 * option in {@code pparam} wins over the init-param of the same name; an unknown option or init-param fails the
 * deployment.
 *
 * @param config   the rules file, or null for none (every fetch allowed)
 * @param log      the fetch log's name (an SLF4J logger name), or null for no fetch log
 * @param allow304 an origin 304 triggers as a 206 does
 */
public record BackgroundFetchOptions(String config, String log, boolean allow304) {
    public static final String PPARAM = "pparam";
    public static final String CONFIG = "config";
    public static final String LOG = "log";
    public static final String ALLOW_304 = "allow-304";
    private static final Set<String> INIT_PARAMS = Set.of(PPARAM, CONFIG, LOG, ALLOW_304);
    private static final List<PluginArguments.Spec> SPECS = List.of(new PluginArguments.Spec(CONFIG, 'c', true),
            new PluginArguments.Spec(LOG, 'l', true), new PluginArguments.Spec(ALLOW_304, 'a', false));
    private static final String ALLOWED = "--config=<file> (-c <file>), --log=<name> (-l <name>), --allow-304 (-a),"
            + " or the rules file alone";

    public static BackgroundFetchOptions from(Params params, Iterable<String> initParamNames) {
        for (String name : initParamNames) {
            if (!INIT_PARAMS.contains(name)) {
                throw new ConfigException(params.scope() + ": unknown init-param '" + name + "'; allowed: " + PPARAM
                        + ", " + CONFIG + ", " + LOG + ", " + ALLOW_304);
            }
        }
        String config = emptyToNull(params.raw(CONFIG));
        String log = emptyToNull(params.raw(LOG));
        boolean allow304 = params.bool(ALLOW_304, false);
        String pparam = params.raw(PPARAM);
        if (pparam != null && !pparam.isBlank()) {
            String where = params.scope() + ": parameter '" + PPARAM + "'";
            List<String> args = new ArrayList<>();
            for (String t : pparam.trim().split("\\s+")) {
                String a = t.startsWith("@pparam=") ? t.substring("@pparam=".length()) : t;
                if (!a.isEmpty()) {
                    args.add(a);
                }
            }
            if (!args.isEmpty() && !args.get(0).startsWith("-")) {
                if (args.size() > 1) {
                    throw new ConfigException(where + " names the rules file '" + args.get(0) + "' as its bare first"
                            + " argument, so nothing may follow it (ATS would ignore '" + args.get(1) + "'); use "
                            + ALLOWED);
                }
                config = args.get(0);
            } else {
                for (PluginArguments.Given g : PluginArguments.parse(where, pparam, SPECS, arg -> false, ALLOWED)) {
                    String name = g.spec().longName();
                    if (name.equals(ALLOW_304)) {
                        allow304 = true;
                    } else if (g.value() == null || g.value().isEmpty()) {
                        throw new ConfigException(where + " has --" + name + " without a value (in '" + pparam.trim()
                                + "'); allowed: " + ALLOWED);
                    } else if (name.equals(CONFIG)) {
                        config = g.value();
                    } else {
                        log = g.value();
                    }
                }
            }
        }
        return new BackgroundFetchOptions(config, log, allow304);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
