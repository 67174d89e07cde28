package org.edgecache.policy;

/** How a client transaction failed, if it did: the access log's {@code ERR_*} codes. */
public enum TransactionError {
    NONE,
    /** The client went away before the response was complete. */
    CLIENT_ABORT,
    /** The origin could not be reached (refused, unknown host, no route). */
    ORIGIN_UNREACHABLE,
    /** The origin did not connect or answer in time. */
    ORIGIN_TIMEOUT,
    /** The origin sent something that is not an HTTP response, or broke off its body. */
    ORIGIN_BAD_RESPONSE,
    /** The origin was not asked: congestion control or a connection limit refused the request. */
    ORIGIN_REFUSED
}
