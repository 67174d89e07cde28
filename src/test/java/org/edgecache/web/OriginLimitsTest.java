package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/** The per-server and total limits, the queue size and the bounded wait. */
class OriginLimitsTest {
    private static final HttpHost A = new HttpHost("http", "a.example", 80);
    private static final HttpHost B = new HttpHost("http", "b.example", 80);

    @Test
    void noLimitsLetEverythingThrough() throws Exception {
        OriginLimits l = OriginLimits.none();
        for (int i = 0; i < 1000; i++) {
            assertThat(l.acquire(A)).isNotNull();
        }
    }

    @Test
    void thePerServerLimitCountsEachServerApartAndAClosedPermitFreesItsPlace() throws Exception {
        OriginLimits l = new OriginLimits(2, 0, 0, Duration.ZERO);
        OriginLimits.Permit a1 = l.acquire(A);
        OriginLimits.Permit a2 = l.acquire(A);
        assertThat(a1).isNotNull();
        assertThat(a2).isNotNull();
        assertThat(l.acquire(A)).isNull();
        assertThat(l.acquire(B)).isNotNull();
        a1.close();
        a1.close(); // a second close frees nothing more
        assertThat(l.inUse(A)).isEqualTo(1);
        assertThat(l.acquire(A)).isNotNull();
        assertThat(l.acquire(A)).isNull();
    }

    @Test
    void theTotalLimitCountsEveryServer() throws Exception {
        OriginLimits l = new OriginLimits(0, 2, 0, Duration.ZERO);
        assertThat(l.acquire(A)).isNotNull();
        assertThat(l.acquire(B)).isNotNull();
        assertThat(l.acquire(B)).isNull();
    }

    @Test
    void aWaiterGetsThePlaceThatIsFreedWithinTheDelay() throws Exception {
        OriginLimits l = new OriginLimits(1, 0, 1, Duration.ofSeconds(20));
        OriginLimits.Permit held = l.acquire(A);
        CompletableFuture<OriginLimits.Permit> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return l.acquire(A);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        held.close();
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aFullQueueRefusesAtOnceAndAWaitEndsAfterTheDelay() throws Exception {
        OriginLimits l = new OriginLimits(1, 0, 1, Duration.ofMillis(200));
        assertThat(l.acquire(A)).isNotNull();
        long t0 = System.nanoTime();
        assertThat(l.acquire(A)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(190);
    }
}
