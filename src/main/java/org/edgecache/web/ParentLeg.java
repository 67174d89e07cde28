package org.edgecache.web;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.edgecache.policy.ParentHealth;
import org.edgecache.policy.ParentSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an origin request along a parent route: each parent in turn, up to {@code per_parent_connect_attempts}
 * connects each and {@code total_connect_attempts} in all, each connect bounded by {@code connect_attempts_timeout}.
 * A parent that cannot be connected to counts one failure towards its mark-down ({@link ParentHealth}); one that
 * was being retried and answers is marked up. Only connect failures move on to the next parent: once a parent has
 * the request, its answer or its failure is the answer (the request may have had effects).
 */
final class ParentLeg {
    private static final Logger LOG = LoggerFactory.getLogger(ParentLeg.class);

    /** The parent's response, or none: then go to the origin directly. */
    record Outcome(ClassicHttpResponse response, String parent) {
        static final Outcome DIRECT = new Outcome(null, null);

        boolean direct() {
            return response == null;
        }
    }

    /** No parent could be reached and the rule does not allow going direct: the client gets 502. */
    static final class NoParentException extends ConnectException {
        private static final long serialVersionUID = 1L;

        NoParentException(String message) {
            super(message);
        }
    }

    private ParentLeg() {
    }

    static Outcome open(ParentRouting routing, ParentSelection.Route route, OriginClient client, HttpHost origin,
            ClassicHttpRequest request, OriginConfig config) throws IOException {
        ParentHealth health = routing.selection().health();
        int attempts = 0;
        List<String> tried = new ArrayList<>();
        IOException last = null;
        for (ParentSelection.Hop hop : route.hops()) {
            if (hop.direct()) {
                LOG.debug("{}: no parent answered; going direct (parent.config line {})", origin,
                        route.rule().line());
                return Outcome.DIRECT;
            }
            if (attempts >= routing.totalAttempts()) {
                break;
            }
            HttpHost parent = new HttpHost("http", hop.parent().host(), hop.parent().port());
            for (int a = 0; a < routing.perParentAttempts() && attempts < routing.totalAttempts(); a++) {
                attempts++;
                try {
                    ClassicHttpResponse response = route.parentIsProxy()
                            ? client.openVia(parent, origin, request, config, routing.connectTimeout())
                            : client.open(parent, request, config, routing.connectTimeout());
                    health.succeeded(hop.parent(), hop.retry());
                    return new Outcome(response, hop.parent().authority());
                } catch (IOException e) {
                    if (!connectFailure(e)) {
                        health.failed(hop.parent(), hop.retry());
                        throw e;
                    }
                    last = e;
                    LOG.debug("parent {} not reached (attempt {}): {}", hop.parent(), attempts, e.toString());
                }
            }
            tried.add(hop.parent().authority());
            if (health.failed(hop.parent(), hop.retry())) {
                LOG.warn("parent {} marked down (parent.config line {}): {}", hop.parent(), route.rule().line(),
                        last == null ? "" : last.toString());
            }
        }
        if (route.rule().goDirect()) {
            return Outcome.DIRECT;
        }
        String why = tried.isEmpty() ? "every parent of parent.config line " + route.rule().line() + " is marked down"
                : "no parent of parent.config line " + route.rule().line() + " could be reached (tried "
                        + String.join(", ", tried) + (last == null ? "" : "; last: " + last.getMessage()) + ")";
        NoParentException e = new NoParentException(why + " and go_direct=false");
        if (last != null) {
            e.initCause(last);
        }
        throw e;
    }

    /** The parent was never reached: nothing was sent, so the next parent may be asked. */
    static boolean connectFailure(IOException e) {
        return e instanceof ConnectException || e instanceof ConnectTimeoutException
                || e instanceof UnknownHostException || e instanceof NoRouteToHostException;
    }
}
