package org.edgecache.web;

import java.time.Duration;

import org.edgecache.policy.HerdSettings;

/** Reads {@link HerdSettings} from parameters named like ATS's records. */
final class HerdSettingsReader {
    private HerdSettingsReader() {
    }

    static HerdSettings read(Params p) {
        HerdSettings d = HerdSettings.defaults();
        return new HerdSettings(
                (int) p.integer("proxy.config.cache.enable_read_while_writer", d.readWhileWriter(), 0, 2),
                Duration.ofSeconds(p.integer("proxy.config.http.background_fill_active_timeout",
                        d.backgroundFillActiveTimeout().getSeconds(), 0, Integer.MAX_VALUE)),
                p.decimal("proxy.config.http.background_fill_completed_threshold", d.backgroundFillThreshold(), 0, 1),
                p.integer("proxy.config.cache.max_doc_size", d.maxDocSize(), 0, Long.MAX_VALUE),
                (int) p.integer("proxy.config.http.cache.max_open_read_retries", d.maxOpenReadRetries(), -1, 1000),
                Duration.ofMillis(p.integer("proxy.config.http.cache.open_read_retry_time",
                        d.openReadRetryTime().toMillis(), 1, 60_000)),
                Duration.ofSeconds(p.integer("proxy.config.http.cache.fuzz.time", d.fuzzTime().getSeconds(), 0,
                        Integer.MAX_VALUE)),
                Duration.ofSeconds(p.integer("proxy.config.http.cache.fuzz.min_time", d.fuzzMinTime().getSeconds(),
                        0, Integer.MAX_VALUE)),
                p.decimal("proxy.config.http.cache.fuzz.probability", d.fuzzProbability(), 0, 1));
    }
}
