package org.edgecache.policy;

/** A cache.config line that cannot be used: its number, the reason, and the line as written. */
public final class CacheRulesException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public CacheRulesException(int line, String reason, String text) {
        super("line " + line + ": " + reason + " (in: " + text + ")");
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
