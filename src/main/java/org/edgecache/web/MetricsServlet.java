package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The engine's metrics in the Prometheus text exposition format (0.0.4): every statistic under its ATS name with
 * the dots turned into underscores, counters with Prometheus's {@code _total} suffix. Answers the clients the
 * ip_allow rules allow {@code ADMIN} (by default 127.0.0.1 and ::1 only), or everyone when the init-param
 * {@code allowRemote} is true.
 */
public class MetricsServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!admitted(request, response, "metrics")) {
            return;
        }
        Metrics metrics = engine.metrics();
        if (metrics == null) {
            OriginProxyServlet.plainError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                    "edgecache: no metrics registry\n");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;version=0.0.4;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
