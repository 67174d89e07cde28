package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.Hostile.returnsOrThrows;

import java.util.List;

import org.edgecache.Hostile;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input for the plugin argument strings ({@code pparam}) of cache_range_requests, collapsed_forwarding and
 * background_fetch: the options or a {@link ConfigException} naming the problem, never anything else.
 */
class PluginArgumentsPropertiesTest {
    static final List<PluginArguments.Spec> SPECS = List.of(new PluginArguments.Spec("config", 'c', true),
            new PluginArguments.Spec("log", 'l', true), new PluginArguments.Spec("allow-304", 'a', false),
            new PluginArguments.Spec("consider-ims", 'i', false));

    @Provide
    Arbitrary<String> pparams() {
        return Hostile.text("--config", "--config=", "--c", "--co", "--log", "--allow-304", "--allow", "--", "-",
                "-c", "-ca", "-ac", "-a=", "-l", "@pparam=", "@pparam=--log", "x.config", " ", "=", "--=", "-=", "--a");
    }

    @Property(tries = 250)
    void optionsOrAConfigException(@ForAll("pparams") String pparam) {
        List<PluginArguments.Given> given = returnsOrThrows(ConfigException.class, 2_000,
                () -> PluginArguments.parse("filter 'f': parameter 'pparam'", pparam, SPECS, arg -> false, "--config"));
        if (given != null) {
            for (PluginArguments.Given g : given) {
                assertThat(SPECS).contains(g.spec());
                if (!g.spec().takesValue()) {
                    assertThat(g.value()).isNull();
                }
            }
        }
    }

    @Provide
    Arbitrary<String> rangeOptions() {
        return Hostile.text("--ps-cachekey", "--consider-ims", "--no-modify-cachekey", "--verify-cacheability",
                "--cache-complete-responses", "--idx", "ps_mode:", "-p", "-i", "-v", "-c", "-n", "--");
    }

    @Property(tries = 200)
    void theRangePluginsOptionsOrAConfigException(@ForAll("rangeOptions") String pparam) {
        returnsOrThrows(ConfigException.class, 2_000, () -> RangePluginOptions.parse("filter 'crr': parameter 'pparam'", pparam));
    }
}
