package org.edgecache.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1): the fixed set every proxy removes, plus the fields a message
 * names in its {@code Connection} header.
 */
public final class HopByHop {

    /** The fields that are always hop-by-hop (lower-case). */
    public static final Set<String> FIELDS = Set.of(
            "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade");

    private HopByHop() {
    }

    /** The lower-cased tokens of every Connection line (e.g. {@code close}, {@code x-foo}). */
    public static Set<String> connectionTokens(List<String> connectionHeaderValues) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : connectionHeaderValues) {
            List<String> members = new ArrayList<>();
            HttpFields.splitCsv(line, members);
            for (String m : members) {
                out.add(m.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** Whether the named field is hop-by-hop for a message with these Connection tokens. */
    public static boolean isHopByHop(String fieldName, Set<String> connectionTokens) {
        String lower = fieldName.toLowerCase(Locale.ROOT);
        return FIELDS.contains(lower) || connectionTokens.contains(lower);
    }

    /** A copy without the hop-by-hop fields and without the fields named in Connection. */
    public static HttpFields strip(HttpFields fields) {
        Set<String> tokens = connectionTokens(fields.getAll("Connection"));
        return fields.filter(f -> !isHopByHop(f.name(), tokens));
    }
}
