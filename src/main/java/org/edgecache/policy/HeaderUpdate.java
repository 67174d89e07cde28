package org.edgecache.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.edgecache.http.EntityTag;
import org.edgecache.http.HopByHop;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * Freshening a stored response with a 304 (RFC 9111 §4.3.4, §3.2): every field of the 304 replaces all
 * lines of that field in the stored response, except hop-by-hop fields (and fields the 304's
 * Connection names), and the fields that describe the stored body: Content-Length, Content-Encoding,
 * Content-Range, Transfer-Encoding and Content-MD5, which are never updated. Neither is ETag: the stored
 * validator identifies the stored body (RFC 9111 §4.3.4 selects stored responses by it), so a 304 carrying another
 * ETag must not relabel the body we hold. Stored hop-by-hop fields are dropped.
 */
public final class HeaderUpdate {

    /** Fields a 304 never updates: they describe or identify the stored body bytes. */
    public static final Set<String> NOT_UPDATED =
            Set.of("content-length", "content-encoding", "content-range", "transfer-encoding", "content-md5", "etag");

    private HeaderUpdate() {
    }

    /**
     * The freshened fields. The stored Age is dropped when the 304 has none: after a revalidation the
     * caller measures age from the 304's request/response times, and an old Age would be counted again.
     */
    public static HttpFields merge(HttpFields stored, HttpFields notModifiedHeaders) {
        HttpFields update = HopByHop.strip(notModifiedHeaders)
                .filter(f -> !NOT_UPDATED.contains(f.name().toLowerCase(Locale.ROOT)));
        Set<String> updated = new HashSet<>(update.names());
        HttpFields base = HopByHop.strip(stored);
        if (!update.contains("Age")) {
            base = base.without("Age");
        }
        HttpFields.Builder out = HttpFields.builder();
        Set<String> emitted = new HashSet<>();
        for (HttpFields.Field f : base) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (!updated.contains(lower)) {
                out.add(f.name(), f.value());
            } else if (emitted.add(lower)) {
                addAll(out, update, lower);
            }
        }
        for (String name : update.names()) {
            if (emitted.add(name)) {
                addAll(out, update, name);
            }
        }
        return out.build();
    }

    /**
     * As {@link #merge(HttpFields, HttpFields)}, and a 304 without Date is given one for the time it was
     * received (RFC 9110 §6.6.1), so the stored Date does not make the freshened response look old.
     */
    public static HttpFields merge(HttpFields stored, HttpFields notModifiedHeaders, Instant responseTime) {
        HttpFields update = notModifiedHeaders.contains("Date") ? notModifiedHeaders
                : notModifiedHeaders.toBuilder().add("Date", HttpDates.format(responseTime)).build();
        return merge(stored, update);
    }

    /**
     * Does this 304 freshen this stored response? (RFC 9111 §4.3.4) With an ETag in the 304 the stored
     * ETag must be the same (a strong 304 tag needs a strong, identical stored tag; a weak one an
     * identical opaque tag); else with a Last-Modified in the 304 the stored one must be the same date;
     * a 304 with no validator freshens (the cache sent the stored validators itself).
     */
    public static boolean freshens(HttpFields stored, HttpFields notModifiedHeaders) {
        Optional<EntityTag> newTag = EntityTag.parse(notModifiedHeaders.get("ETag"));
        if (newTag.isPresent()) {
            Optional<EntityTag> old = EntityTag.parse(stored.get("ETag"));
            return old.isPresent() && (newTag.get().weak() ? newTag.get().weakMatches(old.get())
                    : newTag.get().strongMatches(old.get()));
        }
        String newLm = notModifiedHeaders.get("Last-Modified");
        if (newLm != null) {
            String oldLm = stored.get("Last-Modified");
            return oldLm != null && HttpDates.parse(newLm).isPresent()
                    && HttpDates.parse(newLm).equals(HttpDates.parse(oldLm));
        }
        return true;
    }

    private static void addAll(HttpFields.Builder out, HttpFields update, String lowerName) {
        List<HttpFields.Field> lines = new ArrayList<>();
        for (HttpFields.Field f : update) {
            if (f.is(lowerName)) {
                lines.add(f);
            }
        }
        for (HttpFields.Field f : lines) {
            out.add(f.name(), f.value());
        }
    }
}
