package org.edgecache.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One edgecache under test with what it talks to: the containers of the test class's kind ("jetty", "tomcat") it
 * was deployed into, the origins it owns and an HTTP/1.1 client. {@link #close} stops the containers first, then the
 * origins, newest first, so that no request of a stopping edgecache finds its origin gone before it.
 *
 * <pre>
 * edge = new Edge(containerName, work);
 * origin = edge.origin();
 * URI proxy = edge.deploy(Deployment.cached(origin.url()).contextParams("name", "value"));
 * </pre>
 */
public final class Edge implements AutoCloseable {
    private final String containerName;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Deque<AutoCloseable> containers = new ArrayDeque<>();
    private final Deque<AutoCloseable> origins = new ArrayDeque<>();
    private URI uri;

    /**
     * @param containerName the container kind, as {@link Container#create} takes it
     * @param work          the directory the deployments keep their store in (the test's {@code @TempDir})
     */
    public Edge(String containerName, Path work) {
        this.containerName = containerName;
        this.work = work;
    }

    /** A new {@link TestOrigin} on any free port, stopped by {@link #close}. */
    public TestOrigin origin() throws IOException {
        return own(new TestOrigin());
    }

    /** Takes an origin (or anything else to stop after the containers) into the edge's keeping. */
    public <T extends AutoCloseable> T own(T origin) {
        origins.push(origin);
        return origin;
    }

    /** Deploys into a new container, in the work directory; see {@link #deploy(Deployment, Path)}. */
    public URI deploy(Deployment d) throws Exception {
        return deploy(d, work);
    }

    /**
     * Deploys into a new container of the kind; one deployed before keeps running until {@link #close}.
     *
     * @return the new deployment's base URI, from now on {@link #uri()}
     */
    public URI deploy(Deployment d, Path workDir) throws Exception {
        Container c = Container.create(containerName);
        containers.push(c);
        uri = c.start(d, workDir);
        return uri;
    }

    /** Stops every container deployed so far (their listeners' contextDestroyed run); the origins keep running. */
    public void undeploy() throws Exception {
        Exception failure = closeAll(containers, null);
        if (failure != null) {
            throw failure;
        }
    }

    /** The base URI of the latest deployment. */
    public URI uri() {
        return uri;
    }

    public HttpClient http() {
        return http;
    }

    /** A request without body to the latest deployment, its body read as a string. */
    public HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    /** Stops the containers, then the origins, newest first; the first failure is thrown after all were tried. */
    @Override
    public void close() throws Exception {
        Exception first = closeAll(origins, closeAll(containers, null));
        if (first != null) {
            throw first;
        }
    }

    /** Closes and forgets each, newest first; returns {@code first}, or the first failure, the later ones added. */
    private static Exception closeAll(Deque<AutoCloseable> all, Exception first) {
        while (!all.isEmpty()) {
            try {
                all.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        return first;
    }
}
