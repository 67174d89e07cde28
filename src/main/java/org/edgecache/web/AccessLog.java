package org.edgecache.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the access log's lines go: the SLF4J logger {@value #LOGGER} at INFO (so wherever the container's logging
 * sends it), or a file of its own. Either way one background thread writes them from a bounded queue, so that a
 * slow disk or a slow logging backend never holds a request up: when the queue is full the line is dropped and
 * counted ({@value #DROPPED}). (A request thread that logged itself would wait for the backend's lock — the
 * console handler of java.util.logging is one unfair monitor — and the next request on its keep-alive connection
 * with it: the soak saw 180 request threads queued on it and answers late by more than 30 s.) Owned and closed by
 * the {@link Engine}.
 *
 * <p>Context-params: {@value #PARAM_ON} ({@code true}), {@value #PARAM_FILE} (none: SLF4J),
 * {@value #PARAM_BUFFER} (lines waiting for the file or the logger, {@code 8192}).
 */
public final class AccessLog implements AutoCloseable {
    public static final String LOGGER = "edgecache.access";
    public static final String PARAM_ON = "edgecache.access-log";
    public static final String PARAM_FILE = "edgecache.access-log.file";
    public static final String PARAM_BUFFER = "edgecache.access-log.buffer";
    /** Lines dropped because the file's queue was full. */
    public static final String DROPPED = "edgecache.access_log.dropped_lines";

    /** Request attribute: the host name of the origin the request went to (the hierarchy field). */
    static final String ORIGIN_HOST = "org.edgecache.access-log.origin-host";
    /** Request attribute: the body bytes received from the origin for the request (a Long). */
    static final String ORIGIN_BYTES = "org.edgecache.access-log.origin-bytes";

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final String END = "\u0000end";

    private final boolean on;
    private final Logger logger;
    private final BlockingQueue<String> queue;
    private final Thread writerThread;
    private final Stats stats;

    /** Where the background thread puts the lines. */
    interface Destination extends AutoCloseable {
        void line(String line) throws IOException;

        /** The queue is empty for now. */
        void flush() throws IOException;

        @Override
        void close() throws IOException;

        /** A file (through a buffered writer), named for the messages. */
        static Destination of(Writer out, Path path) {
            return new Destination() {
                @Override
                public void line(String line) throws IOException {
                    out.write(line);
                    out.write('\n');
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }

                @Override
                public String toString() {
                    return String.valueOf(path);
                }
            };
        }

        /** An SLF4J logger at INFO. */
        static Destination of(Logger logger) {
            return new Destination() {
                @Override
                public void line(String line) {
                    logger.info(line);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }

                @Override
                public String toString() {
                    return "logger " + logger.getName();
                }
            };
        }
    }

    private AccessLog(boolean on, Logger logger, BlockingQueue<String> queue, Destination destination, Stats stats) {
        this.on = on;
        this.logger = logger;
        this.queue = queue;
        this.stats = stats;
        if (destination != null) {
            writerThread = Engine.daemonThreads("edgecache-access-log").newThread(() -> drain(destination));
            writerThread.start();
        } else {
            writerThread = null;
        }
    }

    /** No access log. */
    public static AccessLog off() {
        return new AccessLog(false, null, null, null, null);
    }

    /** The access log the context-params ask for; a file that cannot be opened fails the deployment. */
    static AccessLog from(Params params, Stats stats) {
        boolean on = params.bool(PARAM_ON, true);
        String file = params.string(PARAM_FILE, "");
        int buffer = (int) params.integer(PARAM_BUFFER, 8192, 1, 1_048_576);
        if (!on) {
            return off();
        }
        stats.add(DROPPED, 0);
        if (file.isEmpty()) {
            return loggingTo(LoggerFactory.getLogger(LOGGER), buffer, stats);
        }
        Path path = Path.of(file).toAbsolutePath();
        Writer writer;
        try {
            writer = new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        } catch (IOException | RuntimeException e) {
            throw params.error(PARAM_FILE, file, "a file edgecache can create or append to (" + e + ")");
        }
        return writingTo(writer, buffer, stats, path);
    }

    /** An access log written to {@code out} by a background thread, at most {@code buffer} lines waiting. */
    static AccessLog writingTo(Writer out, int buffer, Stats stats, Path name) {
        stats.add(DROPPED, 0);
        return new AccessLog(true, null, new ArrayBlockingQueue<>(buffer), Destination.of(out, name), stats);
    }

    /** An access log handed to {@code logger} at INFO by a background thread, at most {@code buffer} lines waiting. */
    static AccessLog loggingTo(Logger logger, int buffer, Stats stats) {
        stats.add(DROPPED, 0);
        return new AccessLog(true, logger, new ArrayBlockingQueue<>(buffer), Destination.of(logger), stats);
    }

    /** Lines waiting for the file or the logger. */
    int waiting() {
        return queue == null ? 0 : queue.size();
    }

    /** Whether lines are wanted at all; when not, the caller formats nothing. */
    public boolean on() {
        return on && (logger == null || logger.isInfoEnabled());
    }

    /** Writes one line (without its line end); never blocks on the disk or the logging backend. */
    public void write(String line) {
        if (!on) {
            return;
        }
        if (!queue.offer(line)) {
            stats.increment(DROPPED);
        }
    }

    private void drain(Destination out) {
        List<String> batch = new ArrayList<>(256);
        try (out) {
            while (true) {
                String first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                boolean end = false;
                for (String line : batch) {
                    if (line == END) {
                        end = true;
                        continue;
                    }
                    out.line(line);
                }
                batch.clear();
                if (end) {
                    return;
                }
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("edgecache: the access log {} cannot be written; no more lines go to it: {}", out,
                    e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued, then closes the file (waiting at most 5 seconds). */
    @Override
    public void close() {
        if (writerThread == null) {
            return;
        }
        try {
            if (!queue.offer(END, 5, TimeUnit.SECONDS)) {
                writerThread.interrupt();
            }
            writerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
