package org.edgecache.policy;

import java.util.List;
import java.util.Locale;

/**
 * One line of a {@code parent.config} file: which requests it covers (a primary destination and optional secondary
 * specifiers) and where they go (parents, their order, and whether the origin may be asked directly).
 *
 * @param destination    the primary destination and the {@code port}, {@code scheme} and {@code prefix} specifiers
 * @param suffix         a path suffix, or "" for any
 * @param method         a request method (upper case), or "" for any
 * @param parents        the {@code parent} list, in file order
 * @param secondary      the {@code secondary_parent} list (consistent_hash only)
 * @param roundRobin     how the parents are ordered for a request
 * @param goDirect       whether the origin is asked when no parent answers
 * @param parentIsProxy  parents are proxies (absolute-form requests) rather than origins
 * @param ignoreQuery    {@code qstring=ignore}: the query string is not part of the hash input
 * @param line           the line number in the file
 */
public record ParentRule(
        PrimaryDestination destination,
        String suffix,
        String method,
        List<Parent> parents,
        List<Parent> secondary,
        RoundRobin roundRobin,
        boolean goDirect,
        boolean parentIsProxy,
        boolean ignoreQuery,
        int line) {

    /** ATS's {@code round_robin} values that edgecache implements. */
    public enum RoundRobin {
        /** {@code false}: the parents in file order. */
        FALSE,
        /** {@code true}: a start parent chosen by the client's IP address, then the others in order. */
        TRUE,
        /** {@code strict}: each request starts at the next parent in turn. */
        STRICT,
        /** {@code consistent_hash}: the parent that owns the URL's hash on a weighted ring. */
        CONSISTENT_HASH;

        public String atsName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A parent: host, port and weight (ATS {@code host:port|weight}, weight 1 by default). */
    public record Parent(String host, int port, double weight) {
        public String authority() {
            return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
        }

        @Override
        public String toString() {
            return authority();
        }
    }

    /**
     * Whether the rule covers the request.
     *
     * @param r the request's destination and target
     */
    public boolean matches(ParentRequest r) {
        if (!method.isEmpty() && !method.equals(r.method())) {
            return false;
        }
        if (!suffix.isEmpty() && !PrimaryDestination.relative(r.path()).endsWith(suffix)) {
            return false;
        }
        return destination.matches(r.scheme(), r.host(), null, r.port(), r.path(), r::url);
    }
}
