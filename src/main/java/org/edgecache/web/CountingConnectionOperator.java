package org.edgecache.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient's connection operator, counting the origin connections it establishes (a connect that fails is not
 * counted): {@code proxy.process.http.total_server_connections}.
 */
final class CountingConnectionOperator implements HttpClientConnectionOperator {
    private final HttpClientConnectionOperator delegate;
    private final LongAdder established;

    CountingConnectionOperator(HttpClientConnectionOperator delegate, LongAdder established) {
        this.delegate = delegate;
        this.established = established;
    }

    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost host, InetSocketAddress localAddress,
            TimeValue connectTimeout, SocketConfig socketConfig, HttpContext context) throws IOException {
        delegate.connect(conn, host, localAddress, connectTimeout, socketConfig, context);
        established.increment();
    }

    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost, NamedEndpoint endpointName,
            InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig, Object attachment,
            HttpContext context) throws IOException {
        delegate.connect(conn, endpointHost, endpointName, localAddress, connectTimeout, socketConfig, attachment,
                context);
        established.increment();
    }

    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost, NamedEndpoint endpointName,
            Path unixDomainSocket, InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig,
            Object attachment, HttpContext context) throws IOException {
        delegate.connect(conn, endpointHost, endpointName, unixDomainSocket, localAddress, connectTimeout,
                socketConfig, attachment, context);
        established.increment();
    }

    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context) throws IOException {
        delegate.upgrade(conn, host, context);
    }

    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost endpointHost, NamedEndpoint endpointName,
            Object attachment, HttpContext context) throws IOException {
        delegate.upgrade(conn, endpointHost, endpointName, attachment, context);
    }
}
