package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.UpdateEntry;

/**
 * The scheduled update's admin endpoint, for the clients the ip_allow rules allow {@code ADMIN}.
 *
 * <ul>
 * <li>{@code GET}: the settings, each entry's next run, and the current (or last) run's progress, as
 *     {@code name value} lines.</li>
 * <li>{@code POST} (no parameters, or {@code action=run}): starts a run of every entry now, whatever the schedule
 *     and {@code proxy.config.update.enabled} say; 202 with the run's number, 409 while a run is going.</li>
 * <li>{@code POST force=1} / {@code force=0}: turns force immediate update on or off at run time, as
 *     {@code traffic_ctl config set proxy.config.update.force} does in ATS (forced runs need
 *     {@code proxy.config.update.enabled=1}).</li>
 * </ul>
 * 404 when no {@code update.config} is configured.
 */
public class UpdateServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected String what() {
        return "the update endpoint";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Updater updater = allowedUpdater(request, response);
        if (updater == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        Updater.Settings s = updater.settings();
        line(sb, ContentManagement.UPDATE_ENABLED, s.enabled() ? "1" : "0");
        line(sb, ContentManagement.UPDATE_FORCE, updater.force() ? "1" : "0");
        line(sb, ContentManagement.UPDATE_RETRY_COUNT, Integer.toString(s.retryCount()));
        line(sb, ContentManagement.UPDATE_RETRY_INTERVAL, Long.toString(s.retryInterval().getSeconds()));
        line(sb, ContentManagement.UPDATE_CONCURRENT, Integer.toString(s.concurrentUpdates()));
        line(sb, ContentManagement.UPDATE_TIME_ZONE, s.zone().getId());
        line(sb, ContentManagement.SELF_URL, String.valueOf(engine.content().selfUrl()));
        for (Map.Entry<UpdateEntry, Instant> e : updater.nextRuns().entrySet()) {
            line(sb, "entry." + e.getKey().line() + ".next_run", e.getKey().url() + " " + e.getValue());
        }
        UpdateRun.Progress p = updater.progress();
        line(sb, "run.number", Integer.toString(p.number()));
        line(sb, "run.active", p.active() ? "1" : "0");
        line(sb, "run.urls_found", Integer.toString(p.found()));
        line(sb, "run.urls_done", Integer.toString(p.done()));
        line(sb, "run.urls_failed", Integer.toString(p.failed()));
        line(sb, "run.in_flight", Integer.toString(p.inFlight()));
        line(sb, "run.started", String.valueOf(p.started()));
        line(sb, "run.finished", String.valueOf(p.finished()));
        text(response, HttpServletResponse.SC_OK, sb.toString());
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Updater updater = allowedUpdater(request, response);
        if (updater == null) {
            return;
        }
        String force = request.getParameter("force");
        if (force != null) {
            if (!force.equals("0") && !force.equals("1")) {
                text(response, HttpServletResponse.SC_BAD_REQUEST, "edgecache: force must be 0 or 1\n");
                return;
            }
            updater.force(force.equals("1"));
            text(response, HttpServletResponse.SC_OK, ContentManagement.UPDATE_FORCE + " " + force + "\n");
            return;
        }
        String action = request.getParameter("action");
        if (action != null && !action.equals("run")) {
            text(response, HttpServletResponse.SC_BAD_REQUEST, "edgecache: action must be run\n");
            return;
        }
        int run = updater.runNow();
        if (run < 0) {
            text(response, HttpServletResponse.SC_CONFLICT, "edgecache: update run " + updater.progress().number()
                    + " is going; try again when it has finished\n");
            return;
        }
        text(response, HttpServletResponse.SC_ACCEPTED, "run " + run + " started\n");
    }

    private Updater allowedUpdater(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Updater updater = engine.content().updater();
        if (updater == null) {
            text(response, HttpServletResponse.SC_NOT_FOUND, "edgecache: no update.config is configured ("
                    + ContentManagement.UPDATE_FILE + ")\n");
        }
        return updater;
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void text(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
