package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

class OriginRetryTest {
    private final OriginRetry retry = new OriginRetry();

    /** A context whose connection has sent this many requests (the failed one included). */
    private static HttpClientContext connectionThatSent(long requests) {
        HttpClientContext context = HttpClientContext.create();
        context.setEndpointDetails(new EndpointDetails(null, null, Timeout.ofSeconds(1)) {
            @Override
            public long getRequestCount() {
                return requests;
            }

            @Override
            public long getResponseCount() {
                return requests - 1;
            }

            @Override
            public long getSentBytesCount() {
                return 0;
            }

            @Override
            public long getReceivedBytesCount() {
                return 0;
            }
        });
        return context;
    }

    private static final IOException NO_RESPONSE = new NoHttpResponseException("closed");

    @Test
    void aSafeRequestOnAReusedConnectionThatGotNoResponseGoesAgain() {
        assertThat(retry.retryRequest(new HttpGet("/x"), NO_RESPONSE, 1, connectionThatSent(2))).isTrue();
        assertThat(retry.retryRequest(new HttpGet("/x"), NO_RESPONSE, 2, connectionThatSent(5))).isTrue();
    }

    @Test
    void neverMoreThanThreeAttempts() {
        assertThat(retry.retryRequest(new HttpGet("/x"), NO_RESPONSE, OriginRetry.MAX_ATTEMPTS, connectionThatSent(2)))
                .isFalse();
    }

    @Test
    void aFreshConnectionsFailureIsTheOriginsAnswerAndIsNotRetried() {
        assertThat(retry.retryRequest(new HttpGet("/x"), NO_RESPONSE, 1, connectionThatSent(1))).isFalse();
    }

    @Test
    void unsafeRequestsAndRequestsWithBodiesAreNeverRetried() {
        HttpPost post = new HttpPost("/x");
        assertThat(retry.retryRequest(post, NO_RESPONSE, 1, connectionThatSent(2))).isFalse();
        HttpGet withBody = new HttpGet("/x");
        withBody.setEntity(new StringEntity("body"));
        assertThat(retry.retryRequest(withBody, NO_RESPONSE, 1, connectionThatSent(2))).isFalse();
    }

    @Test
    void otherFailuresAndAnswersAreNeverRetried() {
        assertThat(retry.retryRequest(new HttpGet("/x"), new SocketTimeoutException(), 1, connectionThatSent(2)))
                .isFalse();
        assertThat(retry.retryRequest(new org.apache.hc.core5.http.message.BasicHttpResponse(503), 1,
                connectionThatSent(2))).isFalse();
    }
}
