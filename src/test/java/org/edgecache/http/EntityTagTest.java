package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {

    @ParameterizedTest
    @CsvSource({"'\"xyzzy\"',false,'\"xyzzy\"'", "'W/\"xyzzy\"',true,'\"xyzzy\"'", "' \"\" ',false,'\"\"'",
        "'\"a,b\"',false,'\"a,b\"'"})
    void rfc9110_8_8_3_entityTagSyntax(String text, boolean weak, String opaque) {
        assertThat(EntityTag.parse(text)).contains(new EntityTag(weak, opaque));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyzzy", "\"xyzzy", "w/\"xyzzy\"", "W/xyzzy", "\"a\"b\"", "\"a b\"", "", "*"})
    void rfc9110_8_8_3_notEntityTags(String text) {
        assertThat(EntityTag.parse(text)).isEmpty();
    }

    /** RFC 9110 §8.8.3.2 comparison table. */
    @ParameterizedTest(name = "[{index}] {0} vs {1}: strong {2}, weak {3}")
    @CsvSource({
        "'W/\"1\"', 'W/\"1\"', false, true",
        "'W/\"1\"', 'W/\"2\"', false, false",
        "'W/\"1\"', '\"1\"',   false, true",
        "'\"1\"',   '\"1\"',   true,  true",
    })
    void rfc9110_8_8_3_2_comparisonTable(String a, String b, boolean strong, boolean weak) {
        EntityTag x = EntityTag.parse(a).orElseThrow();
        EntityTag y = EntityTag.parse(b).orElseThrow();
        assertThat(x.strongMatches(y)).isEqualTo(strong);
        assertThat(x.weakMatches(y)).isEqualTo(weak);
        assertThat(y.strongMatches(x)).isEqualTo(strong);
    }

    @Test
    void rfc9110_13_1_2_wildcardIsItsOwnMember() {
        assertThat(EntityTag.parseList(" * ")).containsExactly(EntityTag.ANY);
        assertThat(EntityTag.ANY.isAny()).isTrue();
    }

    @Test
    void listsSplitOutsideQuotesAndSkipInvalidMembers() {
        List<EntityTag> tags = EntityTag.parseList("\"a,b\", W/\"c\" , bogus, \"d\"");
        assertThat(tags).extracting(EntityTag::toString).containsExactly("\"a,b\"", "W/\"c\"", "\"d\"");
        assertThat(EntityTag.parseAll(List.of("\"1\"", "\"2\""))).hasSize(2);
        assertThat(EntityTag.parseList(null)).isEmpty();
    }
}
