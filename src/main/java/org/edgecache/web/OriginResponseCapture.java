package org.edgecache.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.HerdSettings;

/**
 * Holds the origin's response head back from the client until the cache has decided what to do with it: pass it
 * through, pass it through and store the body as it streams (a tee), or absorb it (a 304 that refreshes a stored
 * object, an error the cache answers with a stale copy). The decision is taken once, when the body starts, the
 * buffer is flushed, or the exchange ends without a body.
 */
final class OriginResponseCapture extends HttpServletResponseWrapper {
    /** What to do with the origin's response. */
    enum Route { PASS, STORE, ABSORB }

    /** Takes the decision when the origin's head is complete. */
    interface Decider {
        Route decide(int status, HttpFields headers);

        /** The servlet reset the response (e.g. to send an error instead): undo what the last decision started. */
        default void reset() {
        }
    }

    /** Receives a stored copy of the body while it streams to the client. */
    interface Tee {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private final Decider decider;
    private int status = SC_OK;
    private HttpFields.Builder headers = HttpFields.builder();
    private Route route;
    private HttpFields decidedHeaders;
    private Tee tee;
    private ServletOutputStream stream;
    private PrintWriter writer;
    private final HttpFields.Builder clientExtra = HttpFields.builder();

    private final HerdSettings herd;
    private final Runnable onBackgroundFill;

    /**
     * @param herd             when the client leaves mid-body while the body is being stored, whether and how long
     *                         the fetch goes on into the store (background fill)
     * @param onBackgroundFill called once when a background fill starts
     */
    OriginResponseCapture(HttpServletResponse clientResponse, Decider decider, HerdSettings herd,
            Runnable onBackgroundFill) {
        this(clientResponse, decider, herd, onBackgroundFill, false);
    }

    /**
     * @param detached the client has already been answered (a background revalidation): nothing of the origin's
     *                 response reaches it, whatever the route
     */
    OriginResponseCapture(HttpServletResponse clientResponse, Decider decider, HerdSettings herd,
            Runnable onBackgroundFill, boolean detached) {
        super(clientResponse);
        this.decider = decider;
        this.herd = herd;
        this.onBackgroundFill = onBackgroundFill;
        this.detached = detached;
    }

    private final boolean detached;

    private boolean reachesClient() {
        return !detached && route != Route.ABSORB;
    }

    /** The route taken, deciding now if the origin's head is all there is. */
    Route route() {
        decide();
        return route;
    }

    int capturedStatus() {
        return status;
    }

    /** A field the client gets besides the origin's (e.g. Cache-Status); call while deciding. */
    void clientHeader(String name, String value) {
        clientExtra.set(name, value);
    }

    /** Where the stored copy goes when the route is {@link Route#STORE}; set by the decider. */
    void tee(Tee t) {
        this.tee = t;
    }

    /** Stop copying to the store (the store write failed or was abandoned); the client stream goes on. */
    void dropTee() {
        this.tee = null;
    }

    private void decide() {
        if (route != null) {
            return;
        }
        decidedHeaders = headers.build();
        route = decider.decide(status, decidedHeaders);
        if (reachesClient()) {
            HttpServletResponse client = (HttpServletResponse) getResponse();
            client.setStatus(status);
            List<String> seen = new ArrayList<>();
            HttpFields.Builder merged = decidedHeaders.toBuilder();
            for (HttpFields.Field f : clientExtra.build()) {
                merged.set(f.name(), f.value());
            }
            HttpFields all = merged.build();
            for (HttpFields.Field f : all) {
                String lower = f.name().toLowerCase(java.util.Locale.ROOT);
                if (seen.contains(lower)) {
                    client.addHeader(f.name(), f.value());
                } else {
                    seen.add(lower);
                    client.setHeader(f.name(), f.value());
                }
            }
        }
    }

    // --- the head, captured ---

    @Override
    public void setStatus(int sc) {
        if (route == null) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return route == null || !reachesClient() ? status : super.getStatus();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        if (route == null) {
            status = sc;
            setContentType("text/plain;charset=utf-8");
            getOutputStream().write((msg == null ? "" : msg).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void sendError(int sc) throws IOException {
        sendError(sc, null);
    }

    @Override
    public void setHeader(String name, String value) {
        if (route == null) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.set(name, value);
            }
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (route == null && value != null) {
            headers.add(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, org.edgecache.http.HttpDates.format(java.time.Instant.ofEpochMilli(date)));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, org.edgecache.http.HttpDates.format(java.time.Instant.ofEpochMilli(date)));
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (len >= 0) {
            setHeader("Content-Length", Long.toString(len));
        }
    }

    @Override
    public void setContentType(String type) {
        setHeader("Content-Type", type);
    }

    @Override
    public String getContentType() {
        return route == null ? headers.build().get("Content-Type") : super.getContentType();
    }

    @Override
    public boolean containsHeader(String name) {
        return route == null ? headers.contains(name) : super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        return route == null ? headers.build().get(name) : super.getHeader(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return route == null ? headers.build().getAll(name) : super.getHeaders(name);
    }

    @Override
    public Collection<String> getHeaderNames() {
        return route == null ? headers.build().names() : super.getHeaderNames();
    }

    @Override
    public boolean isCommitted() {
        return route != null && (!reachesClient() || super.isCommitted());
    }

    @Override
    public void reset() {
        if (route != null && reachesClient()) {
            super.reset();
        }
        if (route != null) {
            decider.reset();
        }
        route = null;
        decidedHeaders = null;
        tee = null;
        status = SC_OK;
        headers = HttpFields.builder();
        stream = null;
        writer = null;
    }

    @Override
    public void resetBuffer() {
        if (route == null) {
            return;
        }
        if (reachesClient()) {
            super.resetBuffer();
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        decide();
        if (reachesClient()) {
            super.flushBuffer();
        }
    }

    // --- the body, routed ---

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            decide();
            ServletOutputStream client = reachesClient() ? super.getOutputStream() : null;
            stream = new Stream(client);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8));
        }
        return writer;
    }

    private final class Stream extends ServletOutputStream {
        private ServletOutputStream client;
        private long clientBytes;
        private long clientLeftNanos;

        Stream(ServletOutputStream client) {
            this.client = client;
        }

        /**
         * The client went away: go on filling the store if a body is being stored and the completed threshold
         * allows (ATS's background fill), else give up the exchange.
         */
        private void clientLeft(IOException e) throws IOException {
            long announced = -1;
            String length = decidedHeaders == null ? null : decidedHeaders.get("Content-Length");
            if (length != null) {
                try {
                    announced = Long.parseLong(length.trim());
                } catch (NumberFormatException ignored) {
                    // unknown
                }
            }
            if (tee == null || !herd.continueFillAfterClientLeft(clientBytes, announced)) {
                throw e;
            }
            client = null;
            clientLeftNanos = System.nanoTime();
            onBackgroundFill.run();
        }

        private void checkFillTime() throws IOException {
            long limit = herd.backgroundFillActiveTimeout().toNanos();
            if (client == null && clientLeftNanos != 0 && limit > 0 && System.nanoTime() - clientLeftNanos > limit) {
                throw new IOException("background fill stopped after proxy.config.http.background_fill_active_timeout");
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** The store first: an object whose last byte has arrived is committed before the client has that byte. */
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            checkFillTime();
            Tee t = tee;
            if (t != null) {
                t.write(b, off, len);
            }
            if (client != null) {
                try {
                    client.write(b, off, len);
                    clientBytes += len;
                } catch (IOException e) {
                    clientLeft(e);
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (client != null) {
                try {
                    client.flush();
                } catch (IOException e) {
                    clientLeft(e);
                }
            }
        }

        @Override
        public boolean isReady() {
            return client == null || client.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            if (client != null) {
                client.setWriteListener(listener);
            } else {
                try {
                    listener.onWritePossible();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }
        }
    }
}
