package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.Hostile.returnsOrThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.edgecache.Hostile;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input for the configuration parsers of {@code org.edgecache.policy}: whatever the text, each returns its
 * rules or throws its documented exception (with a message) — {@link CacheRulesException} for cache.config,
 * {@link IllegalArgumentException} for background_fetch's rules, update.config, ip_allow.config, IP ranges and
 * congestion.config — and within a time bound however long the line.
 */
class ConfigParsersPropertiesTest {
    static final long BOUND_MS = 2_000;

    @Provide
    Arbitrary<String> cacheConfig() {
        return Hostile.text("dest_domain=", "dest_host=", "dest_ip=", "host_regex=", "url_regex=", "port=", "iport=",
                "scheme=", "method=", "prefix=", "suffix=", "time=", "src_ip=", "internal=", "action=", "revalidate=",
                "pin-in-cache=", "ttl-in-cache=", "cache-responses-to-cookies=", "tag=", "never-cache", "standard-cache",
                "example.com", "10.0.0.0/8", "10.0.0.1-10.0.0.9", "::1", "fe80::/10", "80", "8000-8999", "http",
                "true", "1d", "6h", "1h15m20s", "90", "00:00-23:59", "23:59:59", ".jpg,.png", "\"a b\"", "(", "(a+)+$",
                "[", "\\", "\\Q", "\\E", "{2,1}", "*+", "(?<", "\\p{", "\\k<x>", " ");
    }

    @Property(tries = 250)
    void cacheConfigIsRulesOrACacheRulesException(@ForAll("cacheConfig") String a, @ForAll("cacheConfig") String b) {
        String text = a + "\n" + b;
        CacheRules rules = returnsOrThrows(CacheRulesException.class, BOUND_MS, () -> CacheRulesParser.parse(text));
        if (rules != null) {
            assertThat(rules.rules()).hasSizeLessThanOrEqualTo(2);
        }
    }

    /** One well-formed line with one value replaced by hostile text: every value parser sees garbage. */
    @Provide
    Arbitrary<String> cacheConfigLine() {
        Arbitrary<String> name = net.jqwik.api.Arbitraries.of("dest_domain", "dest_ip", "host_regex", "url_regex",
                "port", "iport", "scheme", "method", "prefix", "suffix", "time", "src_ip", "internal", "action",
                "revalidate", "pin-in-cache", "ttl-in-cache", "cache-responses-to-cookies");
        return net.jqwik.api.Combinators.combine(name, cacheConfig()).as((n, v) -> {
            String value = v.isEmpty() || v.chars().anyMatch(Character::isWhitespace) ? "\"" + v.replace("\"", "") + "\"" : v;
            String line = "dest_domain=example.com port=80 ttl-in-cache=1d";
            return n.startsWith("dest_") || n.endsWith("_regex") ? n + "=" + value + " ttl-in-cache=1d"
                    : n.equals("action") || n.endsWith("-cache") || n.equals("revalidate")
                            ? "dest_domain=example.com " + n + "=" + value
                            : "dest_domain=example.com " + n + "=" + value + " action=never-cache";
        });
    }

    @Property(tries = 250)
    void aCacheConfigLineWithOneHostileValueIsARuleOrACacheRulesException(@ForAll("cacheConfigLine") String line) {
        CacheRules rules = returnsOrThrows(CacheRulesException.class, BOUND_MS, () -> CacheRulesParser.parse(line));
    }

    @Property(tries = 200)
    void aDurationIsWithinZeroAndIntMaxOrAnIllegalArgument(@ForAll("cacheConfig") String value) {
        Duration d = returnsOrThrows(IllegalArgumentException.class, BOUND_MS,
                () -> CacheRulesParser.duration("ttl-in-cache", value));
        if (d != null) {
            assertThat(d.getSeconds()).isBetween(0L, (long) Integer.MAX_VALUE);
        }
    }

    @Provide
    Arbitrary<List<String>> backgroundFetchRules() {
        return Hostile.lines("include", "exclude", "Client-IP", "Content-Length", "User-Agent", "*", "<", ">", "1000",
                "<1000", ">99999999999999999999", "10.0.0.0/16", "::1", "1.2.3.4-1.2.3.9", "#", " # comment", "\t");
    }

    @Property(tries = 200)
    void backgroundFetchRulesAreRulesOrAnIllegalArgument(@ForAll("backgroundFetchRules") List<String> lines) {
        BackgroundFetchRules rules = returnsOrThrows(IllegalArgumentException.class, BOUND_MS,
                () -> BackgroundFetchRules.parse("bg.config", lines));
        if (rules != null) {
            for (BackgroundFetchRules.Rule r : rules.rules()) {
                if (r.field() == BackgroundFetchRules.Field.CONTENT_LENGTH) {
                    assertThat(r.length()).isNotNegative();
                }
            }
        }
    }

    @Provide
    Arbitrary<List<String>> updateConfig() {
        return Hostile.lines("http://origin.example/index.html", "https://a.example:8443/x?y=1", "http://",
                "ftp://x/", "http://x/#frag", "\\", "User-Agent: edgecache", ";", "Accept-Language: en", "13", "3600",
                "2", "24", "0", "86401", "65", "http://[::1]/", "http://a b/");
    }

    @Property(tries = 200)
    void updateConfigIsEntriesOrAnIllegalArgument(@ForAll("updateConfig") List<String> lines) {
        List<UpdateEntry> entries = returnsOrThrows(IllegalArgumentException.class, BOUND_MS,
                () -> UpdateConfig.parse("update.config", lines));
        if (entries != null) {
            for (UpdateEntry e : entries) {
                assertThat(e.url().getScheme()).isIn("http", "https", "HTTP", "HTTPS", "Http", "Https");
                assertThat(e.url().getHost()).isNotNull();
            }
        }
    }

    @Provide
    Arbitrary<List<String>> ipAllow() {
        return Hostile.lines("src_ip=", "action=", "method=", "dest_ip=", "ip_allow", "ip_deny", "ALL", "PUSH|PURGE",
                "ADMIN", "|", "127.0.0.1", "::1", "[::1]", "::ffff:10.0.0.1", "10.0.0.0/8", "10.0.0.0/40", "/",
                "0.0.0.0-255.255.255.255", "::/0", "fe80::1%eth0", "1.2.3", "1.2.3.4.5", "localhost", "\u0663.1.1.1",
                "\uff11::");
    }

    @Property(tries = 250)
    void ipAllowIsRulesOrAnIllegalArgumentAndNeverLooksANameUp(@ForAll("ipAllow") List<String> lines)
            throws UnknownHostException {
        IpAllow rules = returnsOrThrows(IllegalArgumentException.class, BOUND_MS, () -> IpAllow.parse("ip_allow", lines));
        if (rules != null) {
            InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
            returnsOrThrows(NeverThrown.class, BOUND_MS, () -> rules.permits(other, "PUSH"));
            for (IpAllow.Rule r : rules.rules()) {
                assertThat(r.range().low().length).isIn(4, 16);
            }
        }
    }

    @Provide
    Arbitrary<String> ipRanges() {
        return Hostile.text("10.0.0.1", "10.0.0.0/8", "/", "-", "::", "::1", "fe80::/10", "[::1]", "999", ".", ":",
                "1.2.3.4-1.2.3.1", "/33", "/-1", "\u0663", "\uff11", "localhost", "%", "%25eth0");
    }

    @Property(tries = 250)
    void ipRangesAreRangesOrAnIllegalArgument(@ForAll("ipRanges") String text) {
        returnsOrThrows(IllegalArgumentException.class, BOUND_MS, () -> IpRange.parse(text));
        IpAllow.AddressRange r = returnsOrThrows(IllegalArgumentException.class, BOUND_MS, () -> IpAllow.range(text));
        if (r != null) {
            assertThat(java.util.Arrays.compareUnsigned(r.low(), r.high())).isLessThanOrEqualTo(0);
        }
    }

    @Provide
    Arbitrary<List<String>> parentConfig() {
        return Hostile.lines("dest_domain=", "dest_host=", "dest_ip=", "url_regex=", "port=", "scheme=", "prefix=",
                "suffix=", "method=", "parent=", "secondary_parent=", "round_robin=", "go_direct=", "parent_is_proxy=",
                "qstring=", "time=", "src_ip=", ".", "origin.example", "\"p1.example:8080|2; p2.example:8080|1\"",
                "p1.example:8080", "|", ";", ":", "|0", "|-1", "|99999999999", "consistent_hash", "strict", "true",
                "false", "consider", "ignore", "\\.m3u8$", "(", "http", "80-8080", "10.0.0.0/8", "[::1]:80");
    }

    @Property(tries = 200)
    void parentConfigIsRulesOrAnIllegalArgument(@ForAll("parentConfig") List<String> lines) {
        List<ParentRule> rules = returnsOrThrows(IllegalArgumentException.class, BOUND_MS,
                () -> ParentConfig.parse("parent.config", lines));
        if (rules != null) {
            assertThat(rules).hasSizeLessThanOrEqualTo(lines.size());
        }
    }

    /**
     * Only ASCII hex digits, ':' and '.' reach {@code InetAddress.getByName}: with other scripts' digits (which
     * {@code Character.digit} accepts) the JDK looks the text up as a host name (found here: {@code \u0663::} went to
     * the resolver).
     */
    @Property(tries = 250)
    void onlyAsciiIpv6TextIsHandedToTheJdk(@ForAll("ipRanges") String text) {
        if (IpRange.isIpv6Text(text)) {
            assertThat(text).matches("[0-9a-fA-F:.]+").contains(":");
        }
    }

    @Example
    void otherScriptsDigitsAreNotAnAddress() {
        for (String s : List.of("\u0663::", "\uff11::1", "::\u0661", "\u0661.1.1.1")) {
            assertThat(IpRange.isIpv6Text(s)).isFalse();
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> IpRange.parse(s));
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> IpAllow.range(s));
        }
    }

    @Provide
    Arbitrary<List<String>> congestion() {
        return Hostile.lines("dest_host=", "dest_domain=", "dest_ip=", "url_regex=", "port=", "prefix=", "scheme=",
                "max_connection_failures=", "fail_window=", "proxy_retry_interval=", "client_wait_interval=",
                "wait_interval_alpha=", "live_os_conn_timeout=", "dead_os_conn_retries=", "max_connection=",
                "error_page=", "congestion_scheme=", "per_ip", "per_host", "origin.example", "80-8080", "5", "120",
                "-1", "\"busy page.html\"", "^http://images\\.", "(", "#", "(a|a)*$");
    }

    @Property(tries = 200)
    void congestionConfigIsRulesOrAnIllegalArgument(@ForAll("congestion") List<String> lines) {
        List<CongestionRule> rules = returnsOrThrows(IllegalArgumentException.class, BOUND_MS,
                () -> CongestionConfig.parse("congestion.config", lines));
        if (rules != null) {
            assertThat(rules).hasSizeLessThanOrEqualTo(lines.size());
        }
    }

    /**
     * Regexes the JDK refuses (unbalanced, bad escapes, bad repetition) are CacheRulesExceptions, never
     * PatternSyntaxExceptions.
     */
    @Example
    void invalidRegexesAreCacheRulesExceptions() {
        for (String re : List.of("(", "[", "\\", "*", "{", "x{2,1}", "(?<", "\\p{", "\\k<x>", "\\Q\\E*", "(?")) {
            returnsOrThrows(CacheRulesException.class, BOUND_MS,
                    () -> CacheRulesParser.parse("url_regex=" + re + " action=never-cache"));
        }
    }

    private static final class NeverThrown extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
