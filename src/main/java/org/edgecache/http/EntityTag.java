package org.edgecache.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An entity tag (RFC 9110 §8.8.3): {@code opaqueTag} keeps its double quotes, {@code weak} is the
 * {@code W/} prefix. The wildcard {@code *} of If-Match / If-None-Match is {@link #ANY}.
 */
public record EntityTag(boolean weak, String opaqueTag) {

    /** The {@code *} member of If-Match / If-None-Match: matches any current representation. */
    public static final EntityTag ANY = new EntityTag(false, "*");

    public EntityTag {
        if (opaqueTag == null) {
            throw new IllegalArgumentException("opaqueTag");
        }
    }

    /** Parses one entity-tag; surrounding whitespace is ignored; empty if it is not an entity-tag. */
    public static Optional<EntityTag> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        boolean weak = s.startsWith("W/");
        String opaque = weak ? s.substring(2) : s;
        if (opaque.length() < 2 || opaque.charAt(0) != '"' || opaque.charAt(opaque.length() - 1) != '"') {
            return Optional.empty();
        }
        for (int i = 1; i < opaque.length() - 1; i++) {
            char c = opaque.charAt(i);
            boolean etagc = c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
            if (!etagc) {
                return Optional.empty();
            }
        }
        return Optional.of(new EntityTag(weak, opaque));
    }

    /**
     * Parses an If-Match / If-None-Match field value: {@code *} gives {@code [ANY]}; otherwise the
     * entity-tags of the comma-separated list, skipping members that are not entity-tags. An empty list
     * means the field carries no usable condition.
     */
    public static List<EntityTag> parseList(String fieldValueCsv) {
        List<EntityTag> out = new ArrayList<>();
        if (fieldValueCsv == null) {
            return out;
        }
        if (fieldValueCsv.strip().equals("*")) {
            out.add(ANY);
            return out;
        }
        List<String> members = new ArrayList<>();
        HttpFields.splitCsv(fieldValueCsv, members);
        for (String m : members) {
            parse(m).ifPresent(out::add);
        }
        return out;
    }

    /** All the tags of every line of a field (see {@link #parseList(String)}). */
    public static List<EntityTag> parseAll(List<String> fieldValues) {
        List<EntityTag> out = new ArrayList<>();
        for (String v : fieldValues) {
            out.addAll(parseList(v));
        }
        return out;
    }

    public boolean isAny() {
        return this == ANY || (!weak && "*".equals(opaqueTag));
    }

    /** Strong comparison (RFC 9110 §8.8.3.2): both strong and the opaque tags identical. */
    public boolean strongMatches(EntityTag other) {
        return !weak && !other.weak && !isAny() && !other.isAny() && opaqueTag.equals(other.opaqueTag);
    }

    /** Weak comparison (RFC 9110 §8.8.3.2): the opaque tags identical, weakness ignored. */
    public boolean weakMatches(EntityTag other) {
        return !isAny() && !other.isAny() && opaqueTag.equals(other.opaqueTag);
    }

    @Override
    public String toString() {
        return weak ? "W/" + opaqueTag : opaqueTag;
    }
}
