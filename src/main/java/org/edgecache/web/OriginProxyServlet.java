package org.edgecache.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.EofSensorInputStream;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AbstractProxyServlet;
import org.edgecache.http.HttpFields;
import org.edgecache.policy.ParentRequest;
import org.edgecache.policy.ParentSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy to one origin: Jetty's proxy servlet, with its init-params ({@code proxyTo}, {@code prefix},
 * {@code preserveHost}, {@code hostHeader}, {@code viaHost}, {@code whiteList}, {@code blackList},
 * {@code timeout}, {@code idleTimeout}, {@code maxConnections}), doing every upstream exchange with the engine's
 * Apache HttpClient 5.
 *
 * <p>Bodies stream both ways in a bounded buffer; the request-target's path and query go to the origin byte for
 * byte; hop-by-hop headers are stripped both ways, {@code Via} and a forwarding header are added; nothing is
 * decoded, redirected, retried or given a cookie jar. When the client goes away the origin stream is aborted, not
 * drained. An origin that cannot be reached gives 502, one that times out 504; one that breaks off mid-body makes
 * the client's response end abnormally.
 *
 * <p>When {@code proxy.config.http.parent_proxy.file} names a {@code parent.config} with a rule for the request, the
 * request goes to the rule's parents first ({@link ParentRouting}, {@link ParentLeg}): as a proxy request in absolute
 * form, the next parent on a connect failure, then the origin itself if the rule has {@code go_direct=true}, else
 * 502. See docs/parent-selection.md.
 */
public class OriginProxyServlet extends AbstractProxyServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OriginProxyServlet.class);

    private transient OriginConfig config;
    private transient HttpHost origin;
    private transient String originBasePath;
    private transient Engine engine;

    @Override
    public void init() throws ServletException {
        super.init();
        Params params = new Params("servlet '" + getServletName() + "'", getServletConfig()::getInitParameter,
                Params::systemLookup);
        try {
            config = OriginConfig.from(params);
            engine = Engine.of(getServletContext());
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        URI to = config.proxyTo();
        origin = new HttpHost(to.getScheme().toLowerCase(Locale.ROOT), to.getHost(), OriginConfig.port(to));
        String base = to.getRawPath() == null ? "" : to.getRawPath();
        originBasePath = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        engine.originClient().register(origin, config);
        LOG.info("servlet '{}' forwards {}{}/* to {}", getServletName(), getServletContext().getContextPath(),
                config.prefix(), to);
    }

    /** Jetty's HttpClient is never used: upstream I/O is HttpClient 5's. An unstarted one satisfies the base class. */
    @Override
    protected HttpClient createHttpClient() {
        return new HttpClient();
    }

    /** Unreachable: {@link #service} is overridden and never uses Jetty's client. */
    @Override
    protected Response.CompleteListener newProxyResponseListener(HttpServletRequest clientRequest,
            HttpServletResponse proxyResponse) {
        throw new UnsupportedOperationException("edgecache does its upstream I/O with Apache HttpClient 5");
    }

    @Override
    protected void service(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        if (clientRequest.getMethod().equalsIgnoreCase("CONNECT")) {
            // a reverse proxy opens no tunnels: refused here, before the origin client is asked (which would fail it
            // as an invalid exchange, a 502 that blames the origin)
            clientResponse.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH");
            plainError(clientResponse, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "edgecache: CONNECT is not allowed; this proxy forwards only to " + config.proxyTo() + "\n");
            return;
        }
        String target = OriginTarget.path(clientRequest.getRequestURI(), clientRequest.getQueryString(),
                clientRequest.getContextPath() + config.prefix(), originBasePath);
        if (target == null || AbsoluteForm.namesForeignHost(clientRequest.getServerName(),
                clientRequest.getHeader("Host"), origin.getHostName())) {
            plainError(clientResponse, HttpServletResponse.SC_FORBIDDEN,
                    "edgecache: this proxy forwards only to " + config.proxyTo() + "\n");
            return;
        }
        HttpUriRequestBase originRequest = new HttpUriRequestBase(clientRequest.getMethod(), URI.create(origin.toURI()));
        originRequest.setPath(target);
        copyRequestHeaders(clientRequest, originRequest);
        if (RequestBody.present(clientRequest)) {
            String type = clientRequest.getContentType();
            originRequest.setEntity(new InputStreamEntity(clientRequest.getInputStream(),
                    clientRequest.getContentLengthLong(), type == null ? null : ContentType.parseLenient(type)));
        }

        OriginProtection.Admission admission;
        try {
            admission = engine.protection().admit(origin, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for a connection to the origin");
        }
        try (admission) {
            if (admission.refused()) {
                admission.refuse(clientRequest, clientResponse, config.proxyTo().toString());
                return;
            }
            forward(clientRequest, clientResponse, target, originRequest, admission);
        }
    }

    private void forward(HttpServletRequest clientRequest, HttpServletResponse clientResponse, String target,
            HttpUriRequestBase originRequest, OriginProtection.Admission admission) throws IOException {
        ClassicHttpResponse originResponse;
        clientRequest.setAttribute(AccessLog.ORIGIN_HOST, origin.getHostName());
        try {
            originResponse = open(clientRequest, target, originRequest, admission);
        } catch (IOException e) {
            if (!(e instanceof ParentLeg.NoParentException)) {
                admission.failed(); // no parent reached: the origin itself was not asked, so not its failure
            }
            OriginFailure failure = OriginFailure.classify(e);
            clientRequest.setAttribute(OriginFailure.ATTRIBUTE, failure);
            engine.stats().increment(Stats.ORIGIN_ERRORS);
            LOG.warn("{} {}: origin {} {}: {}", clientRequest.getMethod(), target, config.proxyTo(), failure.words(),
                    e.toString());
            if (!clientResponse.isCommitted()) {
                clientResponse.reset();
                plainError(clientResponse, failure.status(), "edgecache: origin " + config.proxyTo() + " "
                        + failure.words() + " (" + describe(e) + ")\n");
            }
            return;
        }
        admission.answered(originResponse.getCode());
        boolean complete = false;
        try {
            complete = relay(clientRequest, originRequest, originResponse, clientResponse);
        } finally {
            if (complete) {
                originResponse.close();
            } else {
                // closing would try to drain what is left of a broken or stalled body: discard the connection
                originRequest.cancel();
            }
        }
    }

    /** The upstream response: through a parent when parent.config has a rule for the request, else from the origin. */
    private ClassicHttpResponse open(HttpServletRequest clientRequest, String target, HttpUriRequestBase originRequest,
            OriginProtection.Admission admission) throws IOException {
        ParentRouting parents = engine.parents();
        if (parents.enabled()) {
            Object key = clientRequest.getAttribute(RangeCacheKeyFilter.PARENT_SELECTION_KEY);
            ParentSelection.Route route = parents.selection().route(new ParentRequest(origin.getSchemeName(),
                    origin.getHostName(), origin.getPort(), target, clientRequest.getMethod(),
                    clientRequest.getRemoteAddr(), key instanceof String s ? s : null));
            if (route.reason() != ParentSelection.Reason.NO_RULE && route.reason() != ParentSelection.Reason.GO_DIRECT) {
                ParentLeg.Outcome outcome = ParentLeg.open(parents, route, engine.originClient(), origin, originRequest,
                        config);
                if (!outcome.direct()) {
                    return outcome.response();
                }
            }
        }
        return engine.originClient().open(origin, originRequest, config, admission.connectTimeout());
    }

    private void copyRequestHeaders(HttpServletRequest clientRequest, HttpUriRequestBase originRequest) {
        Set<String> connectionTokens = connectionTokens(clientRequest);
        for (String name : Collections.list(clientRequest.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lower) || connectionTokens.contains(lower)
                    || lower.equals("content-length") || lower.equals("expect")
                    || ProxyHeaders.CLIENT_OVERRIDES.contains(lower)
                    || (lower.equals("host") && (!config.preserveHost() || config.hostHeader() != null))) {
                continue;
            }
            for (String value : Collections.list(clientRequest.getHeaders(name))) {
                originRequest.addHeader(name, value);
            }
        }
        if (config.hostHeader() != null) {
            originRequest.setHeader("Host", config.hostHeader());
        }
        HttpFields extra = OriginLeg.requestHeaders(clientRequest);
        for (String name : extra.names()) {
            originRequest.removeHeaders(name);
        }
        for (HttpFields.Field f : extra) {
            originRequest.addHeader(f.name(), f.value());
        }
        ProxyHeaders.addVia(originRequest, clientRequest.getProtocol(), config.viaHost());
        ProxyHeaders.addForwarded(originRequest, config.forwarded(), clientRequest);
    }

    private Set<String> connectionTokens(HttpServletRequest clientRequest) {
        Set<String> tokens = findConnectionHeaders(clientRequest);
        return tokens == null ? Set.of() : tokens;
    }

    /**
     * Relays the origin's head and body to the client.
     *
     * @return true when the body was read to its end (the connection may go back to the pool); false when the origin
     *         broke off before anything was sent and the client was answered with an error instead
     */
    private boolean relay(HttpServletRequest clientRequest, HttpUriRequestBase originRequest,
            ClassicHttpResponse originResponse, HttpServletResponse clientResponse) throws IOException {
        OriginLeg.ResponseHead head = new OriginLeg.ResponseHead(originResponse.getCode(),
                relayedHeaders(originResponse));
        Header announced = originResponse.getFirstHeader("Content-Length");
        OriginLeg.observe(clientRequest, head, announced == null ? null : announced.getValue());
        OriginLeg.ResponseAdapter adapter = OriginLeg.responseAdapter(clientRequest);
        if (adapter != null) {
            head = adapter.adapt(head);
        }
        int status = head.status();
        clientResponse.setStatus(status);
        writeResponseHeaders(head.headers(), clientResponse, clientRequest.getProtocol());

        HttpEntity entity = originResponse.getEntity();
        if (entity == null) {
            Header length = originResponse.getFirstHeader("Content-Length");
            if (length != null && status >= 200 && status != 204 && status != 304) {
                clientResponse.setHeader("Content-Length", length.getValue());
            }
            return true;
        }
        long length = entity.getContentLength();
        if (length >= 0) {
            clientResponse.setContentLengthLong(length);
        }
        InputStream in = entity.getContent();
        OutputStream out = clientResponse.getOutputStream();
        // flow control: the relay holds at most this much; it reads again only when it has written it all out
        // (no larger than the announced body: a 1 KiB answer needs no 32 KiB array zeroed for it)
        int relayBuffer = engine.protection().flowControl(clientRequest).relayBuffer();
        byte[] buffer = new byte[length >= 0 ? (int) Math.max(1, Math.min(relayBuffer, length)) : relayBuffer];
        long relayed = 0;
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException originBroke) {
                    abort(in, originRequest);
                    if (!clientResponse.isCommitted()) {
                        // nothing sent yet: a stalled body is a timeout (504), anything else an invalid answer (502)
                        OriginFailure failure = OriginFailure.classify(originBroke);
                        clientRequest.setAttribute(OriginFailure.ATTRIBUTE, failure);
                        clientResponse.reset();
                        plainError(clientResponse, failure.status(), "edgecache: origin " + config.proxyTo() + " "
                                + (failure == OriginFailure.TIMEOUT ? "stopped sending" : "broke off")
                                + " the response body (" + describe(originBroke) + ")\n");
                        return false;
                    }
                    throw new OriginBodyException("origin " + config.proxyTo() + " broke off the response body: "
                            + describe(originBroke), originBroke);
                }
                if (n < 0) {
                    return true;
                }
                relayed += n;
                try {
                    out.write(buffer, 0, n);
                    if (in.available() == 0) {
                        out.flush();
                    }
                } catch (IOException clientGone) {
                    abort(in, originRequest);
                    throw clientGone;
                }
            }
        } finally {
            engine.stats().add(Stats.ORIGIN_BODY_BYTES, relayed);
            clientRequest.setAttribute(AccessLog.ORIGIN_BYTES, relayed);
        }
    }

    /** The origin's fields that are relayed: not hop-by-hop, not named in Connection, not Content-Length. */
    private static HttpFields relayedHeaders(ClassicHttpResponse originResponse) {
        Set<String> connectionTokens = new HashSet<>();
        for (Header h : originResponse.getHeaders("Connection")) {
            for (String t : h.getValue().split(",")) {
                connectionTokens.add(t.trim().toLowerCase(Locale.ROOT));
            }
        }
        HttpFields.Builder relayed = HttpFields.builder();
        for (Header h : originResponse.getHeaders()) {
            String lower = h.getName().toLowerCase(Locale.ROOT);
            if (HOP_HEADERS.contains(lower) || connectionTokens.contains(lower) || lower.equals("content-length")) {
                continue;
            }
            relayed.add(h.getName(), h.getValue());
        }
        return relayed.build();
    }

    private void writeResponseHeaders(HttpFields headers, HttpServletResponse clientResponse,
            String clientProtocol) {
        Set<String> seen = new HashSet<>();
        for (HttpFields.Field f : headers) {
            if (seen.add(f.name().toLowerCase(Locale.ROOT))) {
                clientResponse.setHeader(f.name(), f.value());
            } else {
                clientResponse.addHeader(f.name(), f.value());
            }
        }
        String via = ProxyHeaders.viaValue(clientProtocol, config.viaHost());
        clientResponse.setHeader("Via", ProxyHeaders.append(clientResponse.getHeaders("Via"), via));
    }

    /** Gives up the origin's body without draining it: the connection is closed, not returned to the pool. */
    private static void abort(InputStream in, HttpUriRequestBase originRequest) {
        try {
            if (in instanceof EofSensorInputStream eof) {
                eof.abort();
            }
        } catch (IOException ignored) {
            // the connection is being discarded anyway
        } finally {
            originRequest.cancel();
        }
    }

    static void plainError(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        ServletOutputStream out = response.getOutputStream();
        out.write(body);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The origin broke off the body after the response was committed; thrown so the container ends it abnormally. */
    public static final class OriginBodyException extends IOException {
        private static final long serialVersionUID = 1L;

        OriginBodyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
