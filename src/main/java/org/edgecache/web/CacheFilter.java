package org.edgecache.web;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.CacheResult;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.Invalidation;
import org.edgecache.policy.TransactionError;

/**
 * The HTTP cache (RFC 9111 with ATS's knobs) in front of the origin proxy servlets: GET and HEAD are answered from
 * the store when they may be, revalidated or forwarded when not, and the origin's storable responses are stored
 * as they stream to the client; unsafe methods invalidate what they touch; PUSH and PURGE are answered here
 * ({@link PushHandler}, {@link PurgeHandler}), never forwarded. Requests for servlets other than
 * {@link OriginProxyServlet} (the stats page, say) pass by untouched.
 */
public class CacheFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private transient Engine engine;
    private transient Set<String> originServlets;

    @Override
    public void init() throws ServletException {
        try {
            engine = Engine.of(getServletContext());
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
        originServlets = new HashSet<>();
        for (Map.Entry<String, ? extends ServletRegistration> e : getServletContext().getServletRegistrations()
                .entrySet()) {
            if (OriginProxyServlet.class.getName().equals(e.getValue().getClassName())) {
                originServlets.add(e.getKey());
            }
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        engine.content().self().learn(request);
        if (!originServlets.contains(request.getHttpServletMapping().getServletName())) {
            chain.doFilter(request, response);
            return;
        }
        String method = request.getMethod();
        long startMillis = engine.clock().millis();
        long startNanos = System.nanoTime();
        ClientTransactions.begin(engine.stats(), method);
        CountingResponse counted = new CountingResponse(response);
        CacheTransaction transaction = null;
        TransactionError error = TransactionError.NONE;
        try {
            CacheSettings settings = RequestSettings.of(engine, request);
            if (method.equals("PUSH")) {
                new PushHandler(engine, settings).handle(request, counted);
            } else if (method.equals("PURGE")) {
                new PurgeHandler(engine).handle(request, counted);
            } else if (method.equals("GET") || method.equals("HEAD")) {
                if (RequestSettings.bypass(engine, settings, request, counted, chain)) {
                    return;
                }
                transaction = new CacheTransaction(engine, settings, request, counted, chain);
                transaction.run();
            } else if (Invalidation.isUnsafe(method)) {
                transaction = new CacheTransaction(engine, settings, request, counted, chain);
                transaction.forwardAndInvalidate();
            } else {
                chain.doFilter(request, counted);
            }
        } catch (OriginProxyServlet.OriginBodyException e) {
            error = e.getCause() instanceof java.io.IOException cause
                    && OriginFailure.classify(cause) == OriginFailure.TIMEOUT
                    ? TransactionError.ORIGIN_TIMEOUT : TransactionError.ORIGIN_BAD_RESPONSE;
            throw e;
        } catch (IOException e) {
            error = TransactionError.CLIENT_ABORT;
            throw e;
        } finally {
            ClientTransactions.end(engine, request, counted, startMillis, startNanos,
                    transaction == null ? CacheResult.NOT_CACHED : transaction.result(),
                    transaction != null && transaction.clientNoCache(), error);
        }
    }
}
