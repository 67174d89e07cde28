package org.edgecache.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.store.InFlightFill;

/**
 * ATS's collapsed_forwarding (seed 002), mapped below {@link CacheFilter}: of concurrent requests for one cache key
 * that must go to the origin, the first (the leader, as the cache's claim on the key says) goes; the others wait on
 * the leader's fetch, at most
 * {@code delay} × {@code retries} milliseconds, and are woken as soon as it has an outcome. When the leader's
 * object is stored (or refreshed by a 304), or, with read-while-writer on, is being stored, a waiter returns to the
 * cache, which serves it from the store; when the leader's response is not stored, fails, or the wait runs out,
 * the waiter goes to the origin itself, once. Nobody gets a 500 and nobody waits forever.
 *
 * <p>Unlike ATS (a 502 turned into a 303 to itself, retried every {@code delay}) the wait is on the key's lock.
 */
public class CollapsedForwardingFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** Request attribute set by the cache: this request leads the fetch of its key ({@link InFlightFill}). */
    static final String FILL = "org.edgecache.collapsed.fill";
    /** Request attribute set by the cache: the fetch of the key already in progress, which this request may wait on. */
    static final String FOLLOWING = "org.edgecache.collapsed.following";
    /** Request attribute: the waiter returned without a response; the cache must look the key up again. */
    static final String LOOK_AGAIN = "org.edgecache.collapsed.look-again";
    /** Request attribute: this request has waited once already and goes straight on from now. */
    static final String WAITED = "org.edgecache.collapsed.waited";
    /**
     * Request attribute set by the cache on a leader of its node: another node sharing the clustered tier holds the
     * key's fetch lease ({@link NodeLease}), so this request may wait for that node's object.
     */
    static final String OTHER_NODE = "org.edgecache.collapsed.other-node";
    /** The longest pause between two looks into the store while another node fetches. */
    private static final Duration OTHER_NODE_POLL = Duration.ofMillis(50);

    private transient Engine engine;
    private transient CollapsedForwardingOptions options;

    @Override
    public void init() throws ServletException {
        try {
            engine = Engine.of(getServletContext());
            options = CollapsedForwardingOptions.from(new Params("filter '" + getFilterName() + "'",
                    getFilterConfig()::getInitParameter, Params::systemLookup));
        } catch (ConfigException e) {
            throw new ServletException(e.getMessage(), e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (request.getAttribute(OTHER_NODE) instanceof NodeLease lease
                && request.getAttribute(FILL) instanceof InFlightFill mine) {
            request.removeAttribute(OTHER_NODE);
            if ((method.equals("GET") || method.equals("HEAD")) && request.getAttribute(WAITED) == null
                    && awaitOtherNode(request, lease, mine)) {
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Object following = request.getAttribute(FOLLOWING);
        if (!(method.equals("GET") || method.equals("HEAD")) || request.getAttribute(WAITED) != null
                || !(following instanceof InFlightFill leader)) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(WAITED, Boolean.TRUE);
        if (engine.uncacheable().recent(leader.key())) {
            // the key's last response could not be stored: waiting for this one would only add its round trip
            engine.stats().increment(Stats.COLLAPSED_PASSED);
            chain.doFilter(request, response);
            return;
        }
        engine.stats().increment(Stats.COLLAPSED_WAITS);
        boolean readWhileWriter = engine.herd().readWhileWriterOn();
        InFlightFill.State state;
        try {
            state = leader.await(options.maxWait(), readWhileWriter);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = InFlightFill.State.FAILED;
        }
        if (state.lookupWillHit() || (readWhileWriter && state == InFlightFill.State.STORING)) {
            engine.stats().increment(Stats.COLLAPSED_SERVED);
            request.setAttribute(LOOK_AGAIN, Boolean.TRUE);
            return;
        }
        engine.stats().increment(Stats.COLLAPSED_TO_ORIGIN);
        chain.doFilter(request, response);
    }

    /**
     * The leader of this node waits for the node that holds the key's lease, looking into the store, at most
     * {@code delay} × {@code retries}; its own followers keep waiting on its fill meanwhile.
     *
     * @return true when the other node's object is stored: the fill is published as committed (this node's waiters
     *         look again) and the cache looks the key up again; false to go to the origin
     */
    private boolean awaitOtherNode(HttpServletRequest request, NodeLease lease, InFlightFill mine) {
        request.setAttribute(WAITED, Boolean.TRUE);
        engine.stats().increment(Stats.COLLAPSED_WAITS);
        Duration max = options.maxWait();
        Duration poll = max.compareTo(OTHER_NODE_POLL.multipliedBy(10)) < 0 ? max.dividedBy(10) : OTHER_NODE_POLL;
        if (lease.awaitOtherNode(max, poll) == NodeLease.Outcome.STORED) {
            engine.stats().increment(Stats.COLLAPSED_SERVED);
            mine.finish(InFlightFill.State.COMMITTED);
            request.setAttribute(LOOK_AGAIN, Boolean.TRUE);
            return true;
        }
        engine.stats().increment(Stats.COLLAPSED_TO_ORIGIN);
        return false;
    }

    /** The filter's init-params, named after the plugin's long options. */
    record CollapsedForwardingOptions(long delayMillis, int retries) {
        private static final java.util.List<PluginArguments.Spec> SPECS = java.util.List.of(
                new PluginArguments.Spec("delay", 'd', true), new PluginArguments.Spec("retries", 'r', true));

        /** From the init-params {@code delay} and {@code retries}, or {@code pparam} (which wins over them). */
        static CollapsedForwardingOptions from(Params p) {
            java.util.Map<String, String> given = new java.util.HashMap<>();
            String pparam = p.raw("pparam");
            if (pparam != null && !pparam.isBlank()) {
                String where = p.scope() + ": parameter 'pparam'";
                for (PluginArguments.Given g : PluginArguments.parse(where, pparam, SPECS, arg -> false,
                        PluginArguments.usage(SPECS))) {
                    if (g.value() == null) {
                        throw new ConfigException(where + " has --" + g.spec().longName() + " without a value (in '"
                                + pparam.trim() + "')");
                    }
                    given.put(g.spec().longName(), g.value());
                }
            }
            Params options = new Params(p.scope(), name -> given.containsKey(name) ? given.get(name) : p.raw(name),
                    name -> null);
            long delay = options.integer("delay", 500, 0, 3_600_000);
            int retries = (int) options.integer("retries", 5, 0, 10_000);
            return new CollapsedForwardingOptions(delay, retries);
        }

        Duration maxWait() {
            return Duration.ofMillis(delayMillis * retries);
        }
    }
}
