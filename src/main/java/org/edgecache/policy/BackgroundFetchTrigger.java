package org.edgecache.policy;

import java.util.function.BooleanSupplier;

/**
 * Does an origin response start a background fetch of the whole object? (background_fetch, ATS behaviour §1.3.)
 * A GET (never a background fetch itself) whose origin answered 206, or 304 with {@code allow-304}, and whose
 * response the cache would store were it a 200. The rules file is asked separately.
 */
public final class BackgroundFetchTrigger {

    public enum Verdict {
        FETCH,
        /** The request is a background fetch: it never triggers another. */
        INTERNAL,
        /** Only a GET triggers (unlike ATS, which replays a HEAD too and fills nothing). */
        NOT_GET,
        /** The origin did not answer 206 (or 304 with allow-304). */
        NOT_PARTIAL,
        /** The cache's own policy would not store the response as a 200. */
        NOT_CACHEABLE;

        public boolean fetch() {
            return this == FETCH;
        }
    }

    private BackgroundFetchTrigger() {
    }

    /**
     * @param storableAs200 whether the cache would store the origin's response with its status set to 200; asked
     *                      last
     */
    public static Verdict decide(boolean internal, String method, int originStatus, boolean allow304,
            BooleanSupplier storableAs200) {
        if (internal) {
            return Verdict.INTERNAL;
        }
        if (!"GET".equals(method)) {
            return Verdict.NOT_GET;
        }
        if (originStatus != 206 && !(allow304 && originStatus == 304)) {
            return Verdict.NOT_PARTIAL;
        }
        return storableAs200.getAsBoolean() ? Verdict.FETCH : Verdict.NOT_CACHEABLE;
    }
}
