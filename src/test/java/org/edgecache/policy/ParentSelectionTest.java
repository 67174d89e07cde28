package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.edgecache.policy.ParentSelection.Hop;
import org.edgecache.policy.ParentSelection.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParentSelectionTest {
    private static final ParentRule.Parent A = new ParentRule.Parent("a", 1, 1);
    private static final ParentRule.Parent B = new ParentRule.Parent("b", 2, 1);
    private static final ParentRule.Parent C = new ParentRule.Parent("c", 3, 1);
    private static final ParentRule.Parent S = new ParentRule.Parent("s", 9, 1);

    private final ParentHealthTest.MutableClock clock = new ParentHealthTest.MutableClock();
    private final ParentHealth health = new ParentHealth(clock, Duration.ofSeconds(10), 1);

    private ParentSelection selection(String... lines) {
        return new ParentSelection(ParentConfig.parse("parent.config", List.of(lines)), health);
    }

    private static ParentRequest get(String target) {
        return new ParentRequest("http", "origin.example", 80, target, "GET", "192.0.2.1", null);
    }

    private static List<String> hops(ParentSelection.Route route) {
        return route.hops().stream().map(Hop::toString).toList();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=false go_direct=false | a:1 b:2 c:3          | PARENTS",
        "dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=false                 | a:1 b:2 c:3 direct   | PARENTS",
        "dest_domain=. go_direct=true                                           | direct               | GO_DIRECT",
        "dest_host=elsewhere.example parent=\"a:1\"                             | direct               | NO_RULE",
    })
    void theRouteListsTheParentsInOrderThenTheOriginWhenGoDirect(String line, String expected, Reason reason) {
        ParentSelection.Route route = selection(line).route(get("/x"));
        assertThat(String.join(" ", hops(route))).isEqualTo(expected.trim());
        assertThat(route.reason()).isEqualTo(reason);
    }

    @Test
    void strictRoundRobinStartsEachRequestAtTheNextParent() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=strict go_direct=false");
        List<String> firsts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            firsts.add(hops(s.route(get("/same"))).get(0));
        }
        assertThat(firsts).containsExactly("a:1", "b:2", "c:3", "a:1", "b:2", "c:3");
        assertThat(hops(s.route(get("/same")))).containsExactly("a:1", "b:2", "c:3");
    }

    @Test
    void roundRobinTrueKeepsOneClientOnOneParent() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=true go_direct=false");
        Set<String> firsts = new HashSet<>();
        Set<String> perClient = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            perClient.add(hops(s.route(get("/x" + i))).get(0));
            firsts.add(hops(s.route(new ParentRequest("http", "o", 80, "/x", "GET", "192.0.2." + i, null))).get(0));
        }
        assertThat(perClient).hasSize(1);
        assertThat(firsts).containsExactlyInAnyOrder("a:1", "b:2", "c:3");
    }

    @Test
    void consistentHashSendsAUrlToItsOwnerThenTheSecondaryRingThenTheRest() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2,c:3\" secondary_parent=\"s:9\""
                + " round_robin=consistent_hash go_direct=false");
        ParentRing ring = new ParentRing(List.of(A, B, C));
        for (int i = 0; i < 100; i++) {
            String url = "/obj/" + i;
            List<ParentRule.Parent> walk = ring.walk(url);
            List<String> expected = List.of(walk.get(0).authority(), "s:9", walk.get(1).authority(),
                    walk.get(2).authority());
            assertThat(hops(s.route(get(url)))).isEqualTo(expected);
            assertThat(hops(s.route(get(url)))).as("again").isEqualTo(expected);
        }
    }

    @Test
    void consistentHashUsesThePsCacheKeyAndHonoursQstringIgnore() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=consistent_hash"
                + " qstring=ignore");
        ParentRing ring = new ParentRing(List.of(A, B, C));
        for (int i = 0; i < 50; i++) {
            String key = "http://origin.example/big-bytes=" + i * 1000 + "-" + (i * 1000 + 999);
            ParentRequest r = new ParentRequest("http", "origin.example", 80, "/big", "GET", "", key);
            assertThat(s.route(r).hops().get(0).parent()).isEqualTo(ring.owner(key));
            assertThat(s.route(get("/p" + i + "?q=" + i)).hops().get(0).parent()).isEqualTo(ring.owner("/p" + i));
        }
    }

    @Test
    void aDownParentIsSkippedUntilItsRetryTimeThenTriedFlaggedAsARetry() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2\" round_robin=false");
        health.failed(A, false);
        assertThat(hops(s.route(get("/x")))).containsExactly("b:2", "direct");
        clock.advance(11);
        assertThat(hops(s.route(get("/x")))).containsExactly("a:1 (retry)", "b:2", "direct");
    }

    @Test
    void everyParentDownWithoutGoDirectLeavesNothingToAsk() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2\" go_direct=false",
                "dest_domain=. parent=\"a:1\"");
        health.failed(A, false);
        health.failed(B, false);
        ParentSelection.Route route = s.route(get("/x"));
        assertThat(route.hops()).isEmpty();
        assertThat(route.reason()).isEqualTo(Reason.ALL_DOWN);
        ParentSelection goDirect = selection("dest_domain=. parent=\"a:1,b:2\"");
        assertThat(goDirect.route(get("/x")).reason()).isEqualTo(Reason.ALL_DOWN_GO_DIRECT);
        assertThat(hops(goDirect.route(get("/x")))).containsExactly("direct");
    }

    @Test
    void withConsistentHashADownOwnersUrlsSpreadOverTheOthersAndComeBack() {
        ParentSelection s = selection("dest_domain=. parent=\"a:1,b:2,c:3\" round_robin=consistent_hash"
                + " go_direct=false");
        ParentRing ring = new ParentRing(List.of(A, B, C));
        health.failed(B, false);
        Set<ParentRule.Parent> takers = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String url = "/u" + i;
            ParentRule.Parent first = s.route(get(url)).hops().get(0).parent();
            if (ring.owner(url).equals(B)) {
                takers.add(first);
            } else {
                assertThat(first).isEqualTo(ring.owner(url));
            }
        }
        assertThat(takers).containsExactlyInAnyOrder(A, C);
        clock.advance(11);
        health.succeeded(B, true);
        for (int i = 0; i < 200; i++) {
            assertThat(s.route(get("/u" + i)).hops().get(0).parent()).isEqualTo(ring.owner("/u" + i));
        }
    }
}
