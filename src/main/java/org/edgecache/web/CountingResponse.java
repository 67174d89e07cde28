package org.edgecache.web;

import java.io.IOException;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The client response, counting the body bytes written to its output stream (the access log's bytes field and
 * {@code proxy.process.http.user_agent_response_document_total_size}). Only the output stream is counted: edgecache
 * never writes bodies through the writer.
 */
final class CountingResponse extends HttpServletResponseWrapper {
    private ServletOutputStream counted;
    private long bytes;

    CountingResponse(HttpServletResponse response) {
        super(response);
    }

    /** Body bytes written so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (counted == null) {
            ServletOutputStream out = super.getOutputStream();
            counted = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    bytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    bytes += len;
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
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return counted;
    }

    @Override
    public void reset() {
        super.reset();
        bytes = 0;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        bytes = 0;
    }
}
