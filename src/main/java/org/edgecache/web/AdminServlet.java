package org.edgecache.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.IpAllow;

/**
 * An edgecache admin endpoint (statistics, cache.config, updates): it answers the clients the ip_allow rules allow
 * {@code ADMIN} (by default 127.0.0.1 and ::1 only), or every client when the init-param {@code allowRemote} is
 * true.
 */
abstract class AdminServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    protected transient Engine engine;
    private boolean allowRemote;

    @Override
    public void init() {
        engine = Engine.of(getServletContext());
        allowRemote = new Params("servlet '" + getServletName() + "'", getServletConfig()::getInitParameter,
                Params::systemLookup).bool("allowRemote", false);
    }

    /** What the endpoint serves, for the 403 answer (e.g. "statistics"). */
    protected String what() {
        return "this admin endpoint";
    }

    /** Whether the client may use this endpoint (already checked for every method in {@link #service}). */
    protected boolean admitted(HttpServletRequest request, HttpServletResponse response, String what)
            throws IOException {
        if (allowRemote || engine.content().permits(request, IpAllow.ADMIN)) {
            return true;
        }
        OriginProxyServlet.plainError(response, HttpServletResponse.SC_FORBIDDEN,
                "edgecache: " + what + " is served only to clients the ip_allow rules allow ADMIN\n");
        return false;
    }

    /**
     * Every method, the ones the endpoint does not have and OPTIONS and TRACE included, answers only clients that may
     * use the endpoint (403 to the others); TRACE is then 405 (it would echo the request's header fields, cookies
     * among them).
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (!admitted(request, response, what())) {
            return;
        }
        if (request.getMethod().equals("TRACE")) {
            response.setHeader("Allow", "GET, HEAD, POST, OPTIONS");
            OriginProxyServlet.plainError(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "edgecache: TRACE is not allowed on " + what() + "\n");
            return;
        }
        super.service(request, response);
    }
}
