package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.ServletContext;

import org.edgecache.policy.ParentConfig;
import org.edgecache.policy.ParentHealth;
import org.edgecache.policy.ParentRule;
import org.edgecache.policy.ParentSelection;

/**
 * Parent selection for the web application: the {@code parent.config} named by
 * {@code proxy.config.http.parent_proxy.file}, the parents' health, and ATS's connect-attempt records. Built by
 * {@link EdgeCacheListener}; {@link OriginProxyServlet} asks it where each origin request goes. Without the file
 * parameter every request goes to its origin, as before.
 *
 * @param selection          the rules and health, or null when parent selection is off
 * @param totalAttempts      {@code proxy.config.http.parent_proxy.total_connect_attempts}: connects to parents per
 *                           request, all parents together
 * @param perParentAttempts  {@code proxy.config.http.parent_proxy.per_parent_connect_attempts}: connects to one parent
 *                           before the next is tried
 * @param connectTimeout     {@code proxy.config.http.parent_proxy.connect_attempts_timeout}
 */
public record ParentRouting(ParentSelection selection, int totalAttempts, int perParentAttempts,
        Duration connectTimeout) {

    public static final String FILE = "proxy.config.http.parent_proxy.file";
    public static final String RETRY_TIME = "proxy.config.http.parent_proxy.retry_time";
    public static final String FAIL_THRESHOLD = "proxy.config.http.parent_proxy.fail_threshold";
    public static final String TOTAL_ATTEMPTS = "proxy.config.http.parent_proxy.total_connect_attempts";
    public static final String PER_PARENT_ATTEMPTS = "proxy.config.http.parent_proxy.per_parent_connect_attempts";
    public static final String CONNECT_TIMEOUT = "proxy.config.http.parent_proxy.connect_attempts_timeout";
    /** ATS's default-parents record; edgecache takes parents only from parent.config. */
    static final String DEFAULT_PARENTS = "proxy.config.http.parent_proxies";
    /** A record of ATS before 6.0, gone in 9.2. */
    static final String ROUTING_ENABLE = "proxy.config.http.parent_proxy_routing_enable";

    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** No parent selection: every request goes to its origin. */
    public static ParentRouting off() {
        return new ParentRouting(null, 4, 2, Duration.ofSeconds(30));
    }

    public boolean enabled() {
        return selection != null;
    }

    /** Reads the records and the file; a bad value or line fails with a {@link ConfigException}. */
    static ParentRouting from(Params p, ServletContext ctx, Clock clock) {
        for (String unsupported : List.of(DEFAULT_PARENTS, ROUTING_ENABLE)) {
            String v = p.raw(unsupported);
            if (v != null && !v.isEmpty()) {
                throw p.error(unsupported, v, "nothing: edgecache takes parents only from the file named by " + FILE
                        + (unsupported.equals(ROUTING_ENABLE) ? " (ATS 9.2 has no such record)" : ""));
            }
        }
        long retry = p.integer(RETRY_TIME, 300, 0, 86_400L * 365);
        int threshold = (int) p.integer(FAIL_THRESHOLD, 10, 1, 1_000_000);
        int total = (int) p.integer(TOTAL_ATTEMPTS, 4, 1, 1000);
        int perParent = (int) p.integer(PER_PARENT_ATTEMPTS, 2, 1, 1000);
        long timeout = p.integer(CONNECT_TIMEOUT, 30, 1, 3600);
        String file = p.raw(FILE);
        if (file == null || file.isEmpty()) {
            return new ParentRouting(null, total, perParent, Duration.ofSeconds(timeout));
        }
        Path path = resolve(p, ctx, file);
        List<String> lines;
        try {
            if (Files.size(path) > MAX_FILE_BYTES) {
                throw new IOException("the file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(p.scope() + ": parameter '" + FILE + "' names the file '" + path
                    + "', which cannot be read (" + e + ")");
        }
        List<ParentRule> rules;
        try {
            rules = ParentConfig.parse(path.toString(), lines);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p.scope() + ": parameter '" + FILE + "': " + e.getMessage());
        }
        ParentHealth health = new ParentHealth(clock, Duration.ofSeconds(retry), threshold);
        return new ParentRouting(new ParentSelection(rules, health), total, perParent, Duration.ofSeconds(timeout));
    }

    private static Path resolve(Params p, ServletContext ctx, String name) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw p.error(FILE, name, "a file path, absolute or relative to WEB-INF/");
        }
        if (path.isAbsolute()) {
            return path;
        }
        String real = ctx.getRealPath("/WEB-INF/" + name.replace('\\', '/'));
        if (real == null) {
            throw p.error(FILE, name, "an absolute path (this web application is not unpacked, so a path relative"
                    + " to WEB-INF/ cannot be read)");
        }
        return Path.of(real);
    }
}
