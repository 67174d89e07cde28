package org.edgecache.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.web.Engine;

/**
 * A servlet deployed beside edgecache in tests that answers what a leak check counts, from the engine and the JVM:
 * origin connections lent out, fetches in flight, background fetches running, threads inside edgecache code and
 * threads waiting on a collapsed fetch. Each is zero when the proxy is idle.
 */
public final class EngineProbe extends HttpServlet {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "/edgecache-test/probe";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Engine engine = Engine.of(getServletContext());
        int busy = 0;
        int waiters = 0;
        Thread me = Thread.currentThread();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == me || e.getKey().getName().startsWith("edgecache-access-log")) {
                continue; // the access log's writer lives as long as the engine; it serves no request
            }
            boolean inEdgecache = false;
            for (StackTraceElement f : e.getValue()) {
                String c = f.getClassName();
                inEdgecache |= c.startsWith("org.edgecache.") && !c.startsWith("org.edgecache.it.");
                waiters += c.equals("org.edgecache.store.InFlightFill") && f.getMethodName().startsWith("await") ? 1 : 0;
            }
            busy += inEdgecache ? 1 : 0;
        }
        String text = "leased " + engine.originClient().leasedConnections() + "\n"
                + "inflight " + engine.inFlight().size() + "\n"
                + "background " + engine.stats().get("edgecache.background_fetch.active") + "\n"
                + "busy-threads " + busy + "\n"
                + "collapsed-waiters " + waiters + "\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** Reads the probe of a running proxy: name → count. */
    public static Map<String, Long> read(java.net.URI proxy) throws IOException {
        RawHttp.Response r = RawHttp.exchange(proxy, "GET " + PATH + " HTTP/1.1", "Host: probe");
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String line : r.text().split("\n")) {
            String[] kv = line.split(" ");
            out.put(kv[0], Long.parseLong(kv[1]));
        }
        return out;
    }

    /** The counts of an idle proxy. */
    public static Map<String, Long> idle() {
        return Map.of("leased", 0L, "inflight", 0L, "background", 0L, "busy-threads", 0L, "collapsed-waiters", 0L);
    }

    /** Adds the probe to a deployment. */
    public static Deployment addTo(Deployment d) {
        return d.servlet("probe", EngineProbe.class.getName(), Map.of(), PATH);
    }
}
