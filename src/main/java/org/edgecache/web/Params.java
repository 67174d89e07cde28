package org.edgecache.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;

/**
 * Typed, validated reading of configuration parameters (context-params, filter and servlet init-params).
 *
 * <p>A raw value may contain {@code ${NAME}} or {@code ${NAME:default}} placeholders; NAME is looked up as a
 * Java system property, then as an environment variable, then the default is used. A placeholder with
 * neither a value nor a default is a configuration error. Every accessor fails with a {@link ConfigException}
 * naming the parameter, the value and what is allowed.
 */
public final class Params {
    private final Function<String, String> source;
    private final Function<String, String> environment;
    private final String scope;

    /**
     * @param scope       words naming where the parameters come from, used in error messages (e.g. "servlet 'origin'")
     * @param source      raw values by parameter name (null when absent)
     * @param environment placeholder values by name (system properties, then environment variables)
     */
    public Params(String scope, Function<String, String> source, Function<String, String> environment) {
        this.scope = scope;
        this.source = source;
        this.environment = environment;
    }

    /** The placeholder lookup of a running JVM: system property, then environment variable. */
    public static String systemLookup(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }

    public String scope() {
        return scope;
    }

    /** The resolved value, or null when the parameter is absent. */
    public String raw(String name) {
        String v = source.apply(name);
        if (v == null) {
            return null;
        }
        return resolve(name, v.trim());
    }

    public String string(String name, String defaultValue) {
        String v = raw(name);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    public boolean bool(String name, boolean defaultValue) {
        String v = raw(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                throw error(name, v, "true or false (also 1/0, yes/no, on/off)");
        }
    }

    public long integer(String name, long defaultValue, long min, long max) {
        String v = raw(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw error(name, v, "a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw error(name, v, "a whole number from " + min + " to " + max);
        }
        return n;
    }

    public double decimal(String name, double defaultValue, double min, double max) {
        String v = raw(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw error(name, v, "a number from " + min + " to " + max);
        }
        if (Double.isNaN(d) || d < min || d > max) {
            throw error(name, v, "a number from " + min + " to " + max);
        }
        return d;
    }

    /** One of the given words, case-insensitive; returned lower-case. */
    public String choice(String name, String defaultValue, String... allowed) {
        String v = raw(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(lower)) {
                return a;
            }
        }
        throw error(name, v, "one of " + String.join(", ", allowed));
    }

    /** An absolute http or https URI without query or fragment. */
    public URI httpUri(String name, String defaultValue) {
        String v = string(name, defaultValue);
        if (v == null) {
            throw new ConfigException(scope + ": parameter '" + name + "' is required (an http:// or https:// URI)");
        }
        String allowed = "an absolute http:// or https:// URI with a host and no query or fragment";
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw error(name, v, allowed);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw error(name, v, allowed);
        }
        return uri;
    }

    public ConfigException error(String name, String value, String allowed) {
        return new ConfigException(scope + ": parameter '" + name + "' has the value '" + value + "'; allowed: " + allowed);
    }

    private String resolve(String name, String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            int end = value.indexOf('}', start);
            if (end < 0) {
                throw error(name, value, "a value whose ${...} placeholders are closed with '}'");
            }
            out.append(value, i, start);
            String inner = value.substring(start + 2, end);
            int colon = inner.indexOf(':');
            String key = colon < 0 ? inner : inner.substring(0, colon);
            String fallback = colon < 0 ? null : inner.substring(colon + 1);
            String replacement = key.isEmpty() ? null : environment.apply(key);
            if (replacement == null) {
                replacement = fallback;
            }
            if (replacement == null) {
                throw new ConfigException(scope + ": parameter '" + name + "' refers to ${" + key
                        + "}, which is neither a system property nor an environment variable, and has no default (write ${"
                        + key + ":default})");
            }
            out.append(replacement);
            i = end + 1;
        }
        return out.toString();
    }
}
