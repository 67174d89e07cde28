package org.edgecache.http;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable, ordered list of header fields whose names compare case-insensitively.
 * Values are kept byte for byte as they arrived (no folding, no re-quoting).
 */
public final class HttpFields implements Iterable<HttpFields.Field>, Serializable {
    private static final long serialVersionUID = 1L;

    /** One header field line. */
    public record Field(String name, String value) implements Serializable {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        public boolean is(String otherName) {
            return name.equalsIgnoreCase(otherName);
        }
    }

    public static final HttpFields EMPTY = new HttpFields(List.of());

    private final List<Field> fields;
    /**
     * The Cache-Control field parsed, once: a stored response's fields are asked for it by several decisions on
     * every hit. Fields never change, so a race only parses twice.
     */
    private transient CacheControl cacheControl;

    private HttpFields(List<Field> fields) {
        this.fields = fields;
    }

    public static HttpFields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder(new ArrayList<>());
    }

    public Builder toBuilder() {
        return new Builder(new ArrayList<>(fields));
    }

    public List<Field> fields() {
        return fields;
    }

    @Override
    public java.util.Iterator<Field> iterator() {
        return fields.iterator();
    }

    public int size() {
        return fields.size();
    }

    public boolean contains(String name) {
        for (Field f : fields) {
            if (f.is(name)) {
                return true;
            }
        }
        return false;
    }

    /** The Cache-Control directives of these fields ({@link CacheControl#of}), parsed the first time. */
    CacheControl cacheControl() {
        CacheControl cc = cacheControl;
        if (cc == null) {
            cc = CacheControl.parse(getAll("Cache-Control"));
            cacheControl = cc;
        }
        return cc;
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        for (Field f : fields) {
            if (f.is(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** Every value of the named field, in order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.is(name)) {
                out.add(f.value());
            }
        }
        return out;
    }

    /**
     * The members of a comma-separated list field across all its lines (RFC 9110 §5.6.1): split on
     * commas outside double quotes, trimmed, empty members dropped.
     */
    public List<String> getCsv(String name) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.is(name)) {
                splitCsv(f.value(), out);
            }
        }
        return out;
    }

    /** The distinct field names, lower-cased, in first-seen order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (!out.contains(lower)) {
                out.add(lower);
            }
        }
        return out;
    }

    /** A copy with every line of the named field replaced by one line with the given value. */
    public HttpFields with(String name, String value) {
        return toBuilder().set(name, value).build();
    }

    /** A copy without the named field. */
    public HttpFields without(String name) {
        return toBuilder().remove(name).build();
    }

    /** A copy keeping only the fields the predicate accepts. */
    public HttpFields filter(Predicate<Field> keep) {
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            if (keep.test(f)) {
                out.add(f);
            }
        }
        return new HttpFields(Collections.unmodifiableList(out));
    }

    public static void splitCsv(String value, List<String> out) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && quoted) {
                i++;
            } else if (c == ',' && !quoted) {
                addTrimmed(value.substring(start, i), out);
                start = i + 1;
            }
        }
        addTrimmed(value.substring(start), out);
    }

    private static void addTrimmed(String member, List<String> out) {
        String t = member.trim();
        if (!t.isEmpty()) {
            out.add(t);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpFields other && other.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Field f : fields) {
            sb.append(f.name()).append(": ").append(f.value()).append('\n');
        }
        return sb.toString();
    }

    /** Builds an {@link HttpFields}; not thread-safe. */
    public static final class Builder {
        private final List<Field> fields;

        private Builder(List<Field> fields) {
            this.fields = fields;
        }

        public Builder add(String name, String value) {
            fields.add(new Field(name, value));
            return this;
        }

        public Builder addAll(HttpFields other) {
            fields.addAll(other.fields);
            return this;
        }

        /** Replaces every line of the field by one line, at the position of the first one (or at the end). */
        public Builder set(String name, String value) {
            int at = -1;
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (fields.get(i).is(name)) {
                    fields.remove(i);
                    at = i;
                }
            }
            Field f = new Field(name, value);
            if (at < 0) {
                fields.add(f);
            } else {
                fields.add(at, f);
            }
            return this;
        }

        public Builder remove(String name) {
            fields.removeIf(f -> f.is(name));
            return this;
        }

        public boolean contains(String name) {
            for (Field f : fields) {
                if (f.is(name)) {
                    return true;
                }
            }
            return false;
        }

        public HttpFields build() {
            return new HttpFields(Collections.unmodifiableList(new ArrayList<>(fields)));
        }
    }
}
