package org.edgecache.web;

/** The statistics of PUSH, PURGE and the scheduled update, under ATS's names where ATS has one. */
final class ContentStats {
    static final String PUSH_REQUESTS = "proxy.process.http.push_requests";
    static final String PURGE_REQUESTS = "proxy.process.http.purge_requests";
    static final String PUSHED_DOCUMENT_TOTAL_SIZE = "proxy.process.http.pushed_document_total_size";
    static final String PUSHED_RESPONSE_HEADER_TOTAL_SIZE = "proxy.process.http.pushed_response_header_total_size";
    /** GETs of the scheduled update that succeeded (status below 400), over all runs. */
    static final String UPDATE_SUCCESSES = "proxy.process.update.successes";
    /** GETs of the scheduled update that failed for good (after retries), over all runs. */
    static final String UPDATE_FAILS = "proxy.process.update.fails";
    /** GETs of the scheduled update in flight now (ATS: active update state machines). */
    static final String UPDATE_STATE_MACHINES = "proxy.process.update.state_machines";
    /** Runs started (edgecache). */
    static final String UPDATE_RUNS = "proxy.process.update.runs";

    static final String[] ALL = {PUSH_REQUESTS, PURGE_REQUESTS, PUSHED_DOCUMENT_TOTAL_SIZE,
        PUSHED_RESPONSE_HEADER_TOTAL_SIZE, UPDATE_SUCCESSES, UPDATE_FAILS, UPDATE_STATE_MACHINES, UPDATE_RUNS};

    private ContentStats() {
    }

    /** Registers every counter at 0, so that the stats page lists them from the start. */
    static void register(Stats stats) {
        for (String name : ALL) {
            stats.add(name, 0);
        }
    }
}
