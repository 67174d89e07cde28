package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The engine's statistics as plain text, one {@code name value} line each (ATS's {@code traffic_ctl metric match}
 * format), sorted. Answers the clients the ip_allow rules allow {@code ADMIN} (by default 127.0.0.1 and ::1 only),
 * or everyone when the init-param {@code allowRemote} is true.
 */
public class StatsServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected String what() {
        return "statistics";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : engine.stats().snapshot().entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        engine.content().appendStats(sb);
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
