package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParentRingTest {

    @Provide
    Arbitrary<List<ParentRule.Parent>> parents() {
        Arbitrary<ParentRule.Parent> parent = Combinators.combine(
                Arbitraries.of("p1.example", "p2.example", "p3.example", "10.0.0.1", "10.0.0.2", "cache-a", "cache-b"),
                Arbitraries.integers().between(1, 65_535),
                Arbitraries.of(0.5, 1.0, 1.0, 2.0)).as(ParentRule.Parent::new);
        return parent.list().ofMinSize(2).ofMaxSize(6).uniqueElements(ParentRule.Parent::authority);
    }

    @Property(tries = 100)
    void removingAParentMovesExactlyTheKeysItOwned(@ForAll("parents") List<ParentRule.Parent> parents,
            @ForAll @IntRange(min = 0, max = 7) int removedIndex,
            @ForAll("keys") List<String> keys) {
        ParentRule.Parent removed = parents.get(removedIndex % parents.size());
        List<ParentRule.Parent> rest = new ArrayList<>(parents);
        rest.remove(removed);
        ParentRing before = new ParentRing(parents);
        ParentRing after = new ParentRing(rest);
        for (String key : keys) {
            ParentRule.Parent was = before.owner(key);
            ParentRule.Parent now = after.owner(key);
            if (was.equals(removed)) {
                assertThat(now).isNotEqualTo(removed).isEqualTo(before.walk(key).get(1));
            } else {
                assertThat(now).as("key %s owned by %s", key, was).isEqualTo(was);
            }
        }
    }

    @Property(tries = 100)
    void theWalkNamesEveryParentOnceStartingWithTheOwner(@ForAll("parents") List<ParentRule.Parent> parents,
            @ForAll("keys") List<String> keys) {
        ParentRing ring = new ParentRing(parents);
        ParentRing again = new ParentRing(parents);
        for (String key : keys) {
            List<ParentRule.Parent> walk = ring.walk(key);
            assertThat(walk).containsExactlyInAnyOrderElementsOf(parents);
            assertThat(walk.get(0)).isEqualTo(ring.owner(key));
            assertThat(again.walk(key)).as("deterministic").isEqualTo(walk);
        }
    }

    @Provide
    Arbitrary<List<String>> keys() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40).map(s -> "/" + s)
                .list().ofMinSize(1).ofMaxSize(50);
    }

    /** Shares of 30 000 URLs: each parent's share is its weight's share of the total, within the tolerance. */
    @ParameterizedTest(name = "[{index}] weights {0}")
    @CsvSource(delimiter = '|', value = {
        "1 1 1       | 0.05",
        "1 2         | 0.05",
        "2 3 5       | 0.05",
        "1 1 1 1 1 1 | 0.04",
        "0.5 1       | 0.06",
    })
    void weightsAreHonoured(String weights, double tolerance) {
        String[] w = weights.trim().split(" +");
        List<ParentRule.Parent> parents = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            parents.add(new ParentRule.Parent("parent" + i + ".example", 8080, Double.parseDouble(w[i])));
            total += Double.parseDouble(w[i]);
        }
        ParentRing ring = new ParentRing(parents);
        Map<ParentRule.Parent, Integer> counts = new HashMap<>();
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            counts.merge(ring.owner("/video/" + i + ".ts"), 1, Integer::sum);
        }
        for (ParentRule.Parent p : parents) {
            double share = counts.getOrDefault(p, 0) / (double) n;
            assertThat(share).as("%s", p).isCloseTo(p.weight() / total, org.assertj.core.data.Offset.offset(tolerance));
        }
    }

    /** Removing one of three parents: a third of the URLs move, all of them the removed parent's. */
    @ParameterizedTest(name = "[{index}] remove {0}")
    @CsvSource({"0", "1", "2"})
    void removingOneOfThreeMovesOnlyItsShare(int removedIndex) {
        List<ParentRule.Parent> three = List.of(new ParentRule.Parent("127.0.0.1", 7001, 1),
                new ParentRule.Parent("127.0.0.1", 7002, 1), new ParentRule.Parent("127.0.0.1", 7003, 1));
        List<ParentRule.Parent> two = new ArrayList<>(three);
        ParentRule.Parent removed = two.remove(removedIndex);
        ParentRing before = new ParentRing(three);
        ParentRing after = new ParentRing(two);
        int moved = 0;
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            String key = "/object/" + i;
            if (!before.owner(key).equals(after.owner(key))) {
                moved++;
                assertThat(before.owner(key)).isEqualTo(removed);
            }
        }
        assertThat(moved / (double) n).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(0.06));
    }

    /** The ring's placement is fixed across releases, so a tier of edgecaches of mixed versions agrees on owners. */
    @ParameterizedTest
    @CsvSource({"'', efd01f60ba992926", "/a, 3b50127431545604", "127.0.0.1:7001-0, ddd79eff6406e6e0"})
    void theHashIsFixed(String input, String expected) {
        assertThat(Long.toHexString(ParentRing.hash(input))).isEqualTo(expected);
    }
}
