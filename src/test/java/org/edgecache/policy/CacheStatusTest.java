package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.CacheStatus.Fwd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CacheStatusTest {

    @Test
    void rfc9211_2_examples() {
        assertThat(CacheStatus.builder("edgecache").hit().ttl(30).build()).isEqualTo("edgecache; hit; ttl=30");
        assertThat(CacheStatus.builder("edgecache").fwd(Fwd.MISS).stored().build()).isEqualTo("edgecache; fwd=miss; stored");
        assertThat(CacheStatus.builder("edgecache").fwd(Fwd.STALE).fwdStatus(304).build())
                .isEqualTo("edgecache; fwd=stale; fwd-status=304");
        assertThat(CacheStatus.builder("edgecache").fwd(Fwd.URI_MISS).build()).isEqualTo("edgecache; fwd=uri-miss");
        assertThat(CacheStatus.builder("edgecache").hit().detail("stale-on-error").build())
                .isEqualTo("edgecache; hit; detail=stale-on-error");
        assertThat(CacheStatus.builder("edgecache").hit().ttl(-5).build()).isEqualTo("edgecache; hit; ttl=-5");
    }

    @Test
    void rfc9211_2_parametersInAFixedOrderAndHitExcludesFwd() {
        String v = CacheStatus.builder("edgecache").detail("x").key("/a b").collapsed().stored().ttl(1)
                .fwdStatus(200).hit().fwd(Fwd.VARY_MISS).build();
        assertThat(v).isEqualTo("edgecache; fwd=vary-miss; fwd-status=200; ttl=1; stored; collapsed; key=\"/a b\"; detail=x");
        assertThat(CacheStatus.builder("c").fwd(Fwd.MISS).hit().build()).isEqualTo("c; hit");
    }

    @Test
    void rfc8941_nonTokensAreWrittenAsStrings() {
        assertThat(CacheStatus.builder("my cache").hit().detail("has \"quotes\" and \\").build())
                .isEqualTo("\"my cache\"; hit; detail=\"has \\\"quotes\\\" and \\\\\"");
        assertThat(CacheStatus.builder("1cache").hit().key("é").build()).isEqualTo("\"1cache\"; hit; key=\"?\"");
    }

    @ParameterizedTest
    @EnumSource(Fwd.class)
    void rfc9211_2_2_fwdTokens(Fwd fwd) {
        assertThat(fwd.token()).matches("[a-z]+(-[a-z]+)?");
        assertThat(CacheStatus.builder("e").fwd(fwd).build()).isEqualTo("e; fwd=" + fwd.token());
    }

    @Test
    void rfc9211_2_membersAreAppendedTowardsTheClient() {
        assertThat(CacheStatus.append(null, "edgecache; hit")).isEqualTo("edgecache; hit");
        assertThat(CacheStatus.append("origin-cache; fwd=miss", "edgecache; hit"))
                .isEqualTo("origin-cache; fwd=miss, edgecache; hit");
    }
}
