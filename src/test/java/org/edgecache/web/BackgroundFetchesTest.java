package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackgroundFetchesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "edgecache; fwd=uri-miss; fwd-status=200; stored                 | true",
        "edgecache; hit; ttl=3599                                        | true",
        "edgecache; fwd=stale; fwd-status=304; ttl=-1                    | true",
        "edgecache; fwd=uri-miss; collapsed; detail=read-while-writer    | true",
        "edgecache; fwd=uri-miss; fwd-status=200                         | false",
        "edgecache; fwd=uri-miss; fwd-status=503                         | false",
        "edgecache; fwd=bypass; detail=never-cache                       | false",
        "upstream; hit, edgecache; fwd=uri-miss; fwd-status=200          | false",
        "upstream; fwd=miss; stored, edgecache; hit                      | true",
        "''                                                              | false",
    })
    void theLastCacheStatusMemberSaysWhetherTheObjectIsInTheCache(String cacheStatus, boolean inCache) {
        assertThat(BackgroundFetches.inCache(cacheStatus)).isEqualTo(inCache);
    }

    @Test
    void theLogLineIsAtsFormat() {
        assertThat(BackgroundFetches.logLine(Instant.ofEpochMilli(1_763_791_234_567L), 1412,
                BackgroundFetches.Result.READ_COMP, "/video/big.mp4?x=1"))
                .isEqualTo("1763791234.567 - 1412 READ_COMP /video/big.mp4?x=1");
    }

    @Test
    void theReplayDropsRangeConditionalsHopByHopFieldsAndTheMarkAndKeepsTheRest() {
        HttpFields client = HttpFields.of("Host", "cdn.example", "Range", "bytes=0-9", "If-Range", "\"a\"",
                "If-Match", "\"a\"", "If-None-Match", "\"b\"", "If-Modified-Since", "x", "If-Unmodified-Since", "y",
                "Connection", "keep-alive, X-Hop", "X-Hop", "1", "Keep-Alive", "timeout=5", "TE", "trailers",
                "X-Edgecache-Background-Fetch", "guess", "Cookie", "a=b", "Authorization", "Bearer t",
                "User-Agent", "UA", "X-Custom", "kept");
        assertThat(BackgroundFetchFilter.replayHeaders(client)).isEqualTo(HttpFields.of("Host", "cdn.example",
                "Cookie", "a=b", "Authorization", "Bearer t", "User-Agent", "UA", "X-Custom", "kept"));
    }
}
