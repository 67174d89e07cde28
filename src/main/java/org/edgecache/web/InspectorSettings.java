package org.edgecache.web;

import java.time.Duration;

/**
 * The init-params of an {@link InspectorServlet}, read once by the listener (so a bad value fails the deployment)
 * and again by the servlet.
 *
 * @param token          the API's token, or none
 * @param sampleInterval how often the live figures are sampled ({@code sampleMillis}, 100–60000 ms)
 * @param history        how much of them is kept ({@code historyMinutes}, 1–1440)
 */
record InspectorSettings(AdminToken token, Duration sampleInterval, Duration history) {

    static InspectorSettings from(Params p) {
        return new InspectorSettings(AdminToken.of(p.string("token", "")),
                Duration.ofMillis(p.integer("sampleMillis", 2000, 100, 60_000)),
                Duration.ofMinutes(p.integer("historyMinutes", 10, 1, 1440)));
    }

    /** The points of history kept: the history over the sample interval, at least 2. */
    int points() {
        return (int) Math.max(2, history.toMillis() / sampleInterval.toMillis());
    }
}
