package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.policy.CacheResult.HIT_FRESH;
import static org.edgecache.policy.CacheResult.HIT_READ_WHILE_WRITER;
import static org.edgecache.policy.CacheResult.MISS;
import static org.edgecache.policy.CacheResult.NOT_CACHED;
import static org.edgecache.policy.CacheResult.REFRESH_FAIL_HIT;
import static org.edgecache.policy.CacheResult.REFRESH_HIT;
import static org.edgecache.policy.CacheResult.REFRESH_MISS;
import static org.edgecache.policy.TransactionError.CLIENT_ABORT;
import static org.edgecache.policy.TransactionError.NONE;
import static org.edgecache.policy.TransactionError.ORIGIN_BAD_RESPONSE;
import static org.edgecache.policy.TransactionError.ORIGIN_REFUSED;
import static org.edgecache.policy.TransactionError.ORIGIN_TIMEOUT;
import static org.edgecache.policy.TransactionError.ORIGIN_UNREACHABLE;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SquidCodeTest {

    /** result, error, client no-cache, client conditional → code. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of(HIT_FRESH, NONE, false, false, SquidCode.TCP_HIT),
                Arguments.of(HIT_READ_WHILE_WRITER, NONE, false, false, SquidCode.TCP_HIT),
                Arguments.of(HIT_FRESH, NONE, false, true, SquidCode.TCP_IMS_HIT),
                Arguments.of(HIT_FRESH, CLIENT_ABORT, false, false, SquidCode.ERR_CLIENT_ABORT),
                // a background revalidation that failed does not change what the client got
                Arguments.of(HIT_FRESH, ORIGIN_UNREACHABLE, false, false, SquidCode.TCP_HIT),
                Arguments.of(MISS, NONE, false, false, SquidCode.TCP_MISS),
                Arguments.of(MISS, NONE, false, true, SquidCode.TCP_IMS_MISS),
                Arguments.of(MISS, ORIGIN_UNREACHABLE, false, false, SquidCode.ERR_CONNECT_FAIL),
                Arguments.of(MISS, ORIGIN_REFUSED, false, false, SquidCode.ERR_CONNECT_FAIL),
                Arguments.of(MISS, ORIGIN_TIMEOUT, false, false, SquidCode.ERR_READ_TIMEOUT),
                Arguments.of(MISS, ORIGIN_BAD_RESPONSE, false, false, SquidCode.ERR_UNKNOWN),
                Arguments.of(MISS, CLIENT_ABORT, false, false, SquidCode.ERR_CLIENT_ABORT),
                Arguments.of(REFRESH_HIT, NONE, false, false, SquidCode.TCP_REFRESH_HIT),
                Arguments.of(REFRESH_HIT, NONE, false, true, SquidCode.TCP_REFRESH_HIT),
                Arguments.of(REFRESH_HIT, NONE, true, false, SquidCode.TCP_CLIENT_REFRESH),
                Arguments.of(REFRESH_MISS, NONE, false, false, SquidCode.TCP_REFRESH_MISS),
                Arguments.of(REFRESH_MISS, NONE, false, true, SquidCode.TCP_IMS_MISS),
                Arguments.of(REFRESH_MISS, NONE, true, false, SquidCode.TCP_CLIENT_REFRESH),
                Arguments.of(REFRESH_MISS, ORIGIN_TIMEOUT, false, false, SquidCode.ERR_READ_TIMEOUT),
                Arguments.of(REFRESH_FAIL_HIT, ORIGIN_UNREACHABLE, false, false, SquidCode.TCP_REF_FAIL_HIT),
                Arguments.of(REFRESH_FAIL_HIT, NONE, false, false, SquidCode.TCP_REF_FAIL_HIT),
                Arguments.of(REFRESH_FAIL_HIT, ORIGIN_TIMEOUT, true, true, SquidCode.TCP_REF_FAIL_HIT),
                Arguments.of(REFRESH_FAIL_HIT, CLIENT_ABORT, false, false, SquidCode.ERR_CLIENT_ABORT),
                Arguments.of(NOT_CACHED, NONE, false, false, SquidCode.TCP_MISS),
                Arguments.of(NOT_CACHED, NONE, true, true, SquidCode.TCP_MISS),
                Arguments.of(NOT_CACHED, ORIGIN_UNREACHABLE, false, false, SquidCode.ERR_CONNECT_FAIL),
                Arguments.of(NOT_CACHED, CLIENT_ABORT, false, false, SquidCode.ERR_CLIENT_ABORT));
    }

    @ParameterizedTest(name = "{0} {1} no-cache={2} conditional={3} -> {4}")
    @MethodSource("table")
    void codeOfATransaction(CacheResult result, TransactionError error, boolean noCache, boolean conditional,
            SquidCode expected) {
        assertThat(SquidCode.of(result, error, noCache, conditional)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statPrefixes")
    void eachCodeHasItsAtsStatisticFamily(SquidCode code, String prefix) {
        assertThat(code.statPrefix()).isEqualTo(prefix);
    }

    static Stream<Arguments> statPrefixes() {
        return Stream.of(
                Arguments.of(SquidCode.TCP_HIT, "proxy.process.http.tcp_hit_"),
                Arguments.of(SquidCode.TCP_REFRESH_HIT, "proxy.process.http.tcp_refresh_hit_"),
                Arguments.of(SquidCode.TCP_IMS_MISS, "proxy.process.http.tcp_ims_miss_"),
                Arguments.of(SquidCode.ERR_CONNECT_FAIL, "proxy.process.http.err_connect_fail_"));
    }
}
