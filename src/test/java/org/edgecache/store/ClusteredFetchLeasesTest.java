package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease rules over a real Ehcache cache (on the heap here; the same atomic operations run on the clustered tier
 * in ClusterIT): two nodes are two {@link ClusteredFetchLeases} with different owners over one cache.
 */
class ClusteredFetchLeasesTest {
    private final CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
            .withCache("leases", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class,
                    ResourcePoolsBuilder.newResourcePoolsBuilder().heap(100, EntryUnit.ENTRIES)))
            .build(true);
    private final Cache<String, String> cache = manager.getCache("leases", String.class, String.class);
    private Instant now = Instant.parse("2026-11-22T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final ClusteredFetchLeases a = new ClusteredFetchLeases(cache, "A", Duration.ofSeconds(60), clock);
    private final ClusteredFetchLeases b = new ClusteredFetchLeases(cache, "B", Duration.ofSeconds(60), clock);

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theFirstClaimLeadsAndTheOtherNodeSeesItHeld() {
        FetchLease lease = a.claim("/k");
        assertThat(lease).isEqualTo(new FetchLease("A", now.plusSeconds(60).toEpochMilli()));
        assertThat(b.claim("/k")).isNull();
        assertThat(b.heldElsewhere("/k")).isTrue();
        assertThat(a.heldElsewhere("/k")).isFalse();
        assertThat(b.claim("/other")).isNotNull();
    }

    @Test
    void aReleasedLeaseCanBeClaimedByTheOtherNode() {
        FetchLease lease = a.claim("/k");
        a.release("/k", lease);
        assertThat(b.heldElsewhere("/k")).isFalse();
        assertThat(b.claim("/k")).isNotNull();
        assertThat(a.heldElsewhere("/k")).isTrue();
    }

    @Test
    void aLeaseThatRanOutIsTakenOverAndItsOldHolderCannotReleaseTheNewOne() {
        FetchLease old = a.claim("/k");
        now = now.plusSeconds(59);
        assertThat(b.claim("/k")).isNull();
        now = now.plusSeconds(1);
        assertThat(b.heldElsewhere("/k")).isFalse();
        FetchLease taken = b.claim("/k");
        assertThat(taken).isNotNull();
        a.release("/k", old);
        assertThat(a.heldElsewhere("/k")).isTrue();
        assertThat(cache.get("/k")).isEqualTo(taken.encode());
    }

    @Test
    void aLeaseOfItsOwnLeftBehindIsTakenOver() {
        a.claim("/k");
        now = now.plusSeconds(1);
        FetchLease again = a.claim("/k");
        assertThat(again).isNotNull();
        assertThat(cache.get("/k")).isEqualTo(again.encode());
    }

    @Test
    void whatIsNotALeaseIsTakenOver() {
        cache.put("/k", "garbage");
        assertThat(b.heldElsewhere("/k")).isFalse();
        assertThat(b.claim("/k")).isNotNull();
    }

    @Test
    void theSingleNodeLeasesGrantEverything() {
        assertThat(FetchLeases.NODE_LOCAL.claim("/k")).isNotNull();
        assertThat(FetchLeases.NODE_LOCAL.claim("/k")).isNotNull();
        assertThat(FetchLeases.NODE_LOCAL.heldElsewhere("/k")).isFalse();
    }
}
