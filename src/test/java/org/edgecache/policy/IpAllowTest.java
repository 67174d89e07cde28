package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAllowTest {

    private static boolean permits(IpAllow rules, String address, String method) throws Exception {
        return rules.permits(InetAddress.getByName(address), method);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
        "127.0.0.1,        PUSH,  true",
        "127.0.0.1,        PURGE, true",
        "127.0.0.1,        ADMIN, true",
        "::1,              PUSH,  true",
        "::1,              ADMIN, true",
        "::ffff:127.0.0.1, PUSH,  true",
        "127.0.0.2,        PUSH,  false",
        "127.0.0.2,        PURGE, false",
        "127.0.0.2,        ADMIN, false",
        "127.0.0.2,        GET,   true",
        "10.1.2.3,         DELETE, false",
        "10.1.2.3,         POST,  true",
        "2001:db8::1,      PURGE, false",
        "2001:db8::1,      ADMIN, false",
        "2001:db8::1,      GET,   true",
    })
    void theDefaultsAreAtsDefaultsLoopbackOnlyForPushPurgeAndAdmin(String address, String method, boolean allowed)
            throws Exception {
        assertThat(permits(IpAllow.defaults(), address, method)).isEqualTo(allowed);
    }

    private static final IpAllow RULES = IpAllow.parse("ip_allow.config", List.of(
            "# a comment",
            "",
            "src_ip=10.0.0.5 action=ip_deny method=PURGE",
            "src_ip=10.0.0.0/8 action=ip_allow method=PUSH|PURGE|GET",
            "  src_ip=192.168.1.10-192.168.1.20   action=ip_deny   method=PUSH  ",
            "src_ip=2001:db8::/32 action=ip_allow",
            "src_ip=172.16.0.1 action=ip_allow method=admin",
            "src_ip=0.0.0.0-255.255.255.255 action=ip_deny"));

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource({
        "10.0.0.5,        PURGE, false",
        "10.0.0.5,        PUSH,  true",
        "10.0.0.5,        ADMIN, false",
        "10.0.0.6,        PURGE, true",
        "10.255.255.255,  PUSH,  true",
        "10.0.0.6,        POST,  false",
        "10.0.0.6,        ADMIN, false",
        "11.0.0.0,        GET,   false",
        "192.168.1.10,    PUSH,  false",
        "192.168.1.20,    PUSH,  false",
        "192.168.1.15,    PURGE, true",
        "192.168.1.15,    ADMIN, false",
        "192.168.1.21,    PURGE, false",
        "2001:db8:ffff::9, PURGE, true",
        "2001:db8:ffff::9, ADMIN, true",
        "2001:db9::1,     GET,   false",
        "172.16.0.1,      ADMIN, true",
        "172.16.0.1,      GET,   false",
        "::ffff:10.0.0.6, PUSH,  true",
    })
    void theFirstRuleWhoseRangeHoldsTheAddressDecides(String address, String method, boolean allowed)
            throws Exception {
        assertThat(permits(RULES, address, method)).isEqualTo(allowed);
    }

    @Test
    void anAddressNoRuleHoldsIsRefusedEverything() throws Exception {
        IpAllow only = IpAllow.parse("f", List.of("src_ip=127.0.0.1 action=ip_allow"));
        assertThat(permits(only, "127.0.0.1", "PUSH")).isTrue();
        assertThat(permits(only, "127.0.0.2", "GET")).isFalse();
        assertThat(only.ruleFor(InetAddress.getByName("127.0.0.1")).line()).isEqualTo(1);
    }

    @Test
    void methodsAreMatchedWhateverTheirCaseInTheFile() throws Exception {
        IpAllow r = IpAllow.parse("f", List.of("src_ip=1.2.3.4 action=ip_allow method=push method=Purge"));
        assertThat(permits(r, "1.2.3.4", "PUSH")).isTrue();
        assertThat(permits(r, "1.2.3.4", "PURGE")).isTrue();
        assertThat(permits(r, "1.2.3.4", "GET")).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "0.0.0.0/0                  | 0.0.0.0-255.255.255.255",
        "192.168.1.77/24            | 192.168.1.0-192.168.1.255",
        "10.0.0.1/32                | 10.0.0.1-10.0.0.1",
        "10.0.0.1                   | 10.0.0.1-10.0.0.1",
        "2001:db8::/32              | 2001:db8:0:0:0:0:0:0-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
        "::/0                       | 0:0:0:0:0:0:0:0-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "[::1]                      | 0:0:0:0:0:0:0:1-0:0:0:0:0:0:0:1",
        "::ffff:1.2.3.4             | 1.2.3.4-1.2.3.4",
        "1.2.3.4-1.2.4.0            | 1.2.3.4-1.2.4.0",
        "10.0.0.9/31                | 10.0.0.8-10.0.0.9",
    })
    void rangesAreAddressesCidrBlocksOrFromTo(String text, String range) {
        assertThat(IpAllow.range(text.strip()).toString()).isEqualTo(range.strip());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = ';', value = {
        "src_ip=1.2.3.4                                 ; line 2: the rule has no action",
        "action=ip_allow                                ; line 2: the rule has no src_ip",
        "src_ip=1.2.3.4 action=allow                    ; line 2: action 'allow' is neither ip_allow nor ip_deny",
        "src_ip=1.2.3 action=ip_allow                   ; line 2: '1.2.3' is not an IPv4 or IPv6 address",
        "src_ip=1.2.3.256 action=ip_allow               ; is not an IPv4 or IPv6 address",
        "src_ip=localhost action=ip_allow               ; 'localhost' is not an IPv4 or IPv6 address",
        "src_ip=1.2.3.4/33 action=ip_allow              ; prefix length outside 0..32",
        "src_ip=::1/129 action=ip_allow                 ; prefix length outside 0..128",
        "src_ip=1.2.3.4-::1 action=ip_allow             ; mixes IPv4 and IPv6",
        "src_ip=1.2.3.9-1.2.3.4 action=ip_allow         ; ends before it starts",
        "src_ip=1.2.3.4 action=ip_allow method=         ; empty or invalid method name",
        "src_ip=1.2.3.4 action=ip_allow method=GET||PUT ; empty or invalid method name",
        "src_ip=1.2.3.4 action=ip_allow colour=blue     ; unknown key 'colour'",
        "dest_ip=1.2.3.4 action=ip_allow                ; dest_ip rules",
        "src_ip=1.2.3.4 src_ip=1.2.3.5 action=ip_allow  ; src_ip is given twice",
        "src_ip=1.2.3.4 ip_allow                        ; 'ip_allow' is not key=value",
    })
    void aBadLineIsRefusedWithItsNumberAndReason(String line, String message) {
        assertThatThrownBy(() -> IpAllow.parse("/etc/ip_allow.config", List.of("# first", line)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/etc/ip_allow.config line 2: ")
                .hasMessageContaining(message.strip());
    }
}
