package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackgroundFetchOptionsTest {

    private static BackgroundFetchOptions read(String... namesAndValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return BackgroundFetchOptions.from(new Params("filter 'bg'", m::get, n -> null), m.keySet());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "--config=/etc/bg.config                     | /etc/bg.config | -      | false",
        "--config /etc/bg.config --log=bg --allow-304 | /etc/bg.config | bg     | true",
        "/etc/bg.config                              | /etc/bg.config | -      | false",
        "@pparam=--config=/etc/bg.config @pparam=-a  | /etc/bg.config | -      | true",
        "-c /etc/bg.config -l bg -a                  | /etc/bg.config | bg     | true",
        "-c/etc/bg.config                            | /etc/bg.config | -      | false",
        "--log bg                                    | -              | bg     | false",
    })
    void pparamTakesAtsArgumentsLongShortAndTheBareRulesFile(String pparam, String config, String log,
            boolean allow304) {
        assertThat(read("pparam", pparam)).isEqualTo(new BackgroundFetchOptions(config, log, allow304));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                   | unknown option '--bogus'",
        "-x                        | unknown option '-x'",
        "--config                  | without a value",
        "--allow-304=1             | takes no value",
        "/etc/bg.config --log=bg   | nothing may follow it",
    })
    void badArgumentsFailNamingThem(String pparam, String message) {
        assertThatThrownBy(() -> read("pparam", pparam)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'bg'").hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void initParamsWorkAndPparamWinsAndUnknownInitParamsFail() {
        assertThat(read("config", "a.config", "log", "x", "allow-304", "true"))
                .isEqualTo(new BackgroundFetchOptions("a.config", "x", true));
        assertThat(read("config", "a.config", "pparam", "--config=b.config"))
                .isEqualTo(new BackgroundFetchOptions("b.config", null, false));
        assertThatThrownBy(() -> read("allow304", "true")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown init-param 'allow304'");
    }
}
