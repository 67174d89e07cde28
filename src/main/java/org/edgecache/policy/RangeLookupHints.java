package org.edgecache.policy;

import java.util.EnumSet;
import java.util.Set;

import org.edgecache.http.HttpFields;

/**
 * cache_range_requests' lookup hints applied to the cache's verdict on a stored range object (ATS's
 * CACHE_LOOKUP_COMPLETE hook): {@link CrrIdent} when its header is present and decides something, else
 * {@link CrrIms}. Only a verdict the stored object itself caused is flipped: a fresh hit (served without asking the
 * origin) may become stale; a stale one may become fresh only when it is stale by age or by the stored response's
 * own {@code no-cache} / {@code when_to_revalidate}, never when the client asked for revalidation.
 */
public final class RangeLookupHints {
    private static final Set<Suitability.Verdict> STALE_BY_THE_OBJECT = EnumSet.of(Suitability.Verdict.STALE,
            Suitability.Verdict.MUST_REVALIDATE_STALE, Suitability.Verdict.MUST_REVALIDATE_NO_CACHE_RESPONSE,
            Suitability.Verdict.ALWAYS_REVALIDATE);

    private RangeLookupHints() {
    }

    /**
     * @param verdict      the cache's own verdict
     * @param storedStatus the stored response's status
     * @param stored       the stored response's fields
     * @param ims          the {@code X-Crr-Ims} value, or null (header absent or {@code consider-ims} off)
     * @param ident        the {@code X-Crr-Ident} value, or null (header absent or {@code consider-ident} off)
     * @return the verdict to act on: the given one, or the same numbers as {@code MARKED_STALE} /
     *         {@code MARKED_FRESH}
     */
    public static Suitability.Result apply(Suitability.Result verdict, int storedStatus, HttpFields stored,
            String ims, String ident) {
        boolean fresh = verdict.action() == Suitability.Action.SERVE
                || verdict.action() == Suitability.Action.SERVE_AND_REVALIDATE;
        boolean staleByObject = STALE_BY_THE_OBJECT.contains(verdict.verdict());
        if (!fresh && !staleByObject) {
            return verdict;
        }
        switch (CrrIdent.assess(ident, storedStatus, stored, fresh)) {
            case MARK_STALE:
                return verdict.as(Suitability.Verdict.MARKED_STALE);
            case MARK_FRESH:
                return verdict.as(Suitability.Verdict.MARKED_FRESH);
            default:
                break;
        }
        if (fresh && CrrIms.marksStale(ims, stored)) {
            return verdict.as(Suitability.Verdict.MARKED_STALE);
        }
        return verdict;
    }
}
