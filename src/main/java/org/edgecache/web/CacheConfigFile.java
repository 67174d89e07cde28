package org.edgecache.web;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.policy.CacheRules;
import org.edgecache.policy.CacheRulesException;
import org.edgecache.policy.CacheRulesParser;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.RuleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's cache.config: the file named by {@code proxy.config.cache.control.filename} (absolute, or relative
 * to the web application's {@code WEB-INF/}; without it {@code WEB-INF/cache.config} is read if it exists), its
 * rules, and their application to a request. {@link #reload()} re-reads the file; a file that does not load keeps
 * the previous rules in effect. Thread-safe: requests see one rule set or the next, never a mix.
 */
public final class CacheConfigFile {
    private static final Logger LOG = LoggerFactory.getLogger(CacheConfigFile.class);

    /** ATS's record naming the file. */
    public static final String PARAM = "proxy.config.cache.control.filename";
    /** The zone of the {@code time=} specifier; the JVM's default zone when absent. */
    public static final String PARAM_TIME_ZONE = "edgecache.cache-config.time-zone";
    /** The request attribute that marks a request edgecache made itself ({@code internal=true}). */
    public static final String INTERNAL_ATTRIBUTE = "org.edgecache.internal";
    private static final String DEFAULT_NAME = "cache.config";
    private static final long MAX_BYTES = 16L << 20;

    /** What is in effect: the rules, where they came from and when they were read. */
    public record Loaded(CacheRules rules, Path path, Instant loadedAt) {
    }

    private final Path path;
    private final boolean optional;
    private final ZoneId zone;
    private final java.time.Clock clock;
    private final Map<String, Optional<InetAddress>> originAddresses = new ConcurrentHashMap<>();
    private volatile Loaded current;

    private CacheConfigFile(Path path, boolean optional, ZoneId zone, java.time.Clock clock, Loaded current) {
        this.path = path;
        this.optional = optional;
        this.zone = zone;
        this.clock = clock;
        this.current = current;
    }

    /** No file and no rules. */
    public static CacheConfigFile none() {
        return new CacheConfigFile(null, true, ZoneId.systemDefault(), java.time.Clock.systemUTC(),
                new Loaded(CacheRules.EMPTY, null, Instant.EPOCH));
    }

    /**
     * Reads the file the context-params name; a file that does not load fails the deployment.
     *
     * @throws ConfigException naming the parameter, the file and (for a bad line) the line number and reason
     */
    public static CacheConfigFile load(Params params, ServletContext ctx, java.time.Clock clock) {
        String name = params.raw(PARAM);
        boolean optional = name == null || name.isEmpty();
        Path path = resolve(params, ctx, optional ? DEFAULT_NAME : name, optional);
        ZoneId zone;
        String z = params.raw(PARAM_TIME_ZONE);
        try {
            zone = z == null || z.isEmpty() ? ZoneId.systemDefault() : ZoneId.of(z);
        } catch (DateTimeException e) {
            throw params.error(PARAM_TIME_ZONE, z, "a time zone id such as UTC or Europe/Berlin");
        }
        CacheConfigFile f = new CacheConfigFile(path, optional, zone, clock, null);
        try {
            f.current = f.read();
        } catch (IOException | CacheRulesException e) {
            throw new ConfigException("context-param '" + PARAM + "': " + f.describe(e));
        }
        return f;
    }

    private static Path resolve(Params params, ServletContext ctx, String name, boolean optional) {
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw params.error(PARAM, name, "a file path, absolute or relative to WEB-INF/");
        }
        if (p.isAbsolute()) {
            return p;
        }
        String real = ctx.getRealPath("/WEB-INF/" + name.replace('\\', '/'));
        if (real == null) {
            if (optional) {
                return null;
            }
            throw params.error(PARAM, name, "an absolute path (this web application is not unpacked, so a path"
                    + " relative to WEB-INF/ cannot be read)");
        }
        return Path.of(real);
    }

    /** Reads the file now, without making it current. */
    private Loaded read() throws IOException, CacheRulesException {
        if (path == null) {
            return new Loaded(CacheRules.EMPTY, null, clock.instant());
        }
        if (optional && !Files.exists(path)) {
            return new Loaded(CacheRules.EMPTY, null, clock.instant());
        }
        if (Files.size(path) > MAX_BYTES) {
            throw new IOException("the file is larger than " + MAX_BYTES + " bytes");
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        CacheRules rules = CacheRulesParser.parse(text);
        return new Loaded(rules, path, clock.instant());
    }

    /**
     * Re-reads the file and puts its rules in effect; if it does not load, the previous rules stay in effect.
     *
     * @throws ReloadException saying why, with the previous rules still current
     */
    public synchronized Loaded reload() throws ReloadException {
        try {
            Loaded next = read();
            current = next;
            LOG.info("cache.config reloaded: {} rules from {}", next.rules().rules().size(), next.path());
            return next;
        } catch (IOException | CacheRulesException e) {
            String why = describe(e);
            LOG.warn("cache.config not reloaded, the previous rules stay in effect: {}", why);
            throw new ReloadException(why);
        }
    }

    /** The rules in effect. */
    public Loaded current() {
        return current;
    }

    /** The file this reads, or null when there is none. */
    public Path path() {
        return path;
    }

    private String describe(Exception e) {
        String where = path == null ? "(no file)" : path.toString();
        if (e instanceof NoSuchFileException) {
            return where + " does not exist";
        }
        if (e instanceof CacheRulesException) {
            return where + ": " + e.getMessage();
        }
        return where + " cannot be read: " + e.getMessage();
    }

    /** {@code base} with what the rules in effect say about this request. */
    CacheSettings settingsFor(HttpServletRequest request, CacheSettings base, Instant now) {
        CacheRules rules = current.rules();
        if (rules.isEmpty()) {
            return base;
        }
        return rules.match(ruleRequest(request, now)).applyTo(base);
    }

    RuleRequest ruleRequest(HttpServletRequest request, Instant now) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        if (port <= 0) {
            port = scheme.equals("https") ? 443 : 80;
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String urlHost = bareHost.indexOf(':') >= 0 ? "[" + bareHost + "]" : bareHost;
        boolean defaultPort = scheme.equals("https") ? port == 443 : port == 80;
        String path = request.getRequestURI();
        String query = request.getQueryString();
        String url = scheme + "://" + urlHost + (defaultPort ? "" : ":" + port) + path
                + (query == null ? "" : "?" + query);
        InetAddress src = CacheRulesParser.literalAddress(request.getRemoteAddr());
        return new RuleRequest(url, scheme, bareHost, port, path, request.getMethod(), src,
                originAddress(request), request.getLocalPort(),
                Boolean.TRUE.equals(request.getAttribute(INTERNAL_ATTRIBUTE)),
                LocalTime.ofInstant(now, zone));
    }

    /** The address of the origin the request's OriginProxyServlet forwards to, resolved once per servlet. */
    private InetAddress originAddress(HttpServletRequest request) {
        String servlet = request.getHttpServletMapping().getServletName();
        if (servlet == null) {
            return null;
        }
        return originAddresses.computeIfAbsent(servlet, s -> {
            ServletRegistration reg = request.getServletContext().getServletRegistration(s);
            String proxyTo = reg == null ? null : reg.getInitParameter("proxyTo");
            if (proxyTo == null) {
                return Optional.empty();
            }
            try {
                String host = OriginConfig.from(new Params("servlet '" + s + "'", reg.getInitParameters()::get,
                        Params::systemLookup)).proxyTo().getHost();
                InetAddress literal = CacheRulesParser.literalAddress(host);
                return Optional.of(literal != null ? literal : InetAddress.getByName(host));
            } catch (IOException | RuntimeException e) {
                LOG.info("dest_ip rules: the origin of servlet '{}' has no address ({})", s, e.toString());
                return Optional.empty();
            }
        }).orElse(null);
    }

    /** A reload that failed; the previous rules stay in effect. */
    public static final class ReloadException extends Exception {
        private static final long serialVersionUID = 1L;

        ReloadException(String message) {
            super(message);
        }
    }
}
