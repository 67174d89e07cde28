package org.edgecache.web;

import jakarta.servlet.http.HttpServletRequest;

/** Whether a client request carries a body to forward (RFC 9112 §6.3: Content-Length or Transfer-Encoding). */
final class RequestBody {
    private RequestBody() {
    }

    /**
     * True for a chunked body, a non-empty one, and an empty one on the methods that define a body (POST, PUT,
     * PATCH), which keep their {@code Content-Length: 0}; an empty body on other methods is not forwarded.
     */
    static boolean present(HttpServletRequest request) {
        if (request.getHeader("Transfer-Encoding") != null || request.getContentLengthLong() > 0) {
            return true;
        }
        if (request.getContentLengthLong() == 0) {
            String m = request.getMethod();
            return m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
        }
        return false;
    }
}
