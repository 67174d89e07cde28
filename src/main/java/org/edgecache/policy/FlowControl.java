package org.edgecache.policy;

/**
 * Transaction buffering control (seed 003, "Using Transaction Buffering Control"): the high and low water marks, in
 * bytes, of what one transaction may hold before reading from the origin (or from a POST client) pauses.
 *
 * <p>If only one mark is set the other takes its value, as the seed says; a low water mark above the high one is
 * lowered to it.
 *
 * @param enabled   {@code proxy.config.http.flow_control.enabled}
 * @param highWater {@code proxy.config.http.flow_control.high_water}, bytes
 * @param lowWater  {@code proxy.config.http.flow_control.low_water}, bytes
 */
public record FlowControl(boolean enabled, long highWater, long lowWater) {
    /** The relay's buffer without flow control: what one read from the origin may bring. */
    public static final int DEFAULT_BUFFER = 32 * 1024;

    public static FlowControl off() {
        return new FlowControl(false, 0, 0);
    }

    /**
     * The marks as configured: 0 (or absent) means unset.
     */
    public static FlowControl of(boolean enabled, long highWater, long lowWater) {
        long high = highWater > 0 ? highWater : lowWater;
        long low = lowWater > 0 ? lowWater : highWater;
        return new FlowControl(enabled, high, Math.min(low, high));
    }

    /**
     * How many bytes the relay reads from the origin (or the client) at once, i.e. the most it holds: without flow
     * control, or with marks above it, {@link #DEFAULT_BUFFER}; with flow control on, at most the high water mark
     * (and at least one byte). The relay reads again only when what it holds has been written out, i.e. below any
     * low water mark.
     */
    public int relayBuffer() {
        if (!enabled || highWater <= 0) {
            return DEFAULT_BUFFER;
        }
        return (int) Math.max(1, Math.min(highWater, DEFAULT_BUFFER));
    }
}
