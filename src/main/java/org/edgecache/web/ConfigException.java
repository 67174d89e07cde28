package org.edgecache.web;

/** A configuration value that cannot be used; the message names the parameter, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String parameter, String value, String allowed) {
        super("edgecache: parameter '" + parameter + "' has the value '" + value + "'; allowed: " + allowed);
    }

    public ConfigException(String message) {
        super("edgecache: " + message);
    }
}
