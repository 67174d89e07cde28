package org.edgecache.web;

import java.io.IOException;

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

    /**
     * Whether the client may use this endpoint; if not, it has been answered 403 naming {@code what}.
     */
    protected boolean admitted(HttpServletRequest request, HttpServletResponse response, String what)
            throws IOException {
        if (allowRemote || engine.content().permits(request, IpAllow.ADMIN)) {
            return true;
        }
        OriginProxyServlet.plainError(response, HttpServletResponse.SC_FORBIDDEN,
                "edgecache: " + what + " is served only to clients the ip_allow rules allow ADMIN\n");
        return false;
    }
}
