package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.CacheRule;

/**
 * The cache.config admin endpoint (ATS applies changes with {@code traffic_line -x} / {@code traffic_ctl config
 * reload}): {@code GET} lists the rules in effect, {@code POST} re-reads the file and puts its rules in effect —
 * or, if it does not load, answers 422 with the line number and reason and keeps the previous rules. Answers the
 * clients the ip_allow rules allow {@code ADMIN} (by default 127.0.0.1 and ::1 only), or everyone when the
 * init-param {@code allowRemote} is true.
 */
public class CacheConfigServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected String what() {
        return "cache.config";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        text(response, HttpServletResponse.SC_OK, describe(engine.cacheConfig().current()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CacheConfigFile file = engine.cacheConfig();
        try {
            CacheConfigFile.Loaded loaded = file.reload();
            text(response, HttpServletResponse.SC_OK, "reloaded\n" + describe(loaded));
        } catch (CacheConfigFile.ReloadException e) {
            text(response, 422, "not reloaded: " + e.getMessage() + "\nthe previous rules stay in effect:\n"
                    + describe(file.current()));
        }
    }

    private static String describe(CacheConfigFile.Loaded loaded) {
        StringBuilder sb = new StringBuilder();
        sb.append("file: ").append(loaded.path() == null ? "(none)" : loaded.path()).append('\n');
        sb.append("loaded: ").append(loaded.loadedAt()).append('\n');
        sb.append("rules: ").append(loaded.rules().rules().size()).append('\n');
        for (CacheRule r : loaded.rules().rules()) {
            sb.append(r.line()).append(": ").append(r.text()).append('\n');
        }
        return sb.toString();
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
