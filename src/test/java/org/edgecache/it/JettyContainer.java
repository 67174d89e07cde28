package org.edgecache.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContextListener;

import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Embedded Jetty 12 (ee10). */
final class JettyContainer implements Container {
    private Server server;

    @Override
    public URI start(Deployment d, Path workDir) throws Exception {
        d.contextParams.putIfAbsent("edgecache.store.directory", workDir.resolve("store").toString());
        QueuedThreadPool threads = new QueuedThreadPool(400, 8);
        threads.setName("jetty");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler ctx = new ServletContextHandler("/");
        // Jetty empties its temp directory on stop: keep it apart from the store
        ctx.setTempDirectory(java.nio.file.Files.createDirectories(workDir.resolve("jetty-tmp")).toFile());
        d.contextParams.forEach(ctx::setInitParameter);
        for (String l : d.listeners) {
            ctx.addEventListener((ServletContextListener) Class.forName(l).getDeclaredConstructor().newInstance());
        }
        for (Deployment.Component f : d.filters) {
            FilterHolder h = new FilterHolder();
            h.setName(f.name());
            h.setClassName(f.className());
            h.setInitParameters(f.initParams());
            h.setAsyncSupported(true);
            for (String p : f.patterns()) {
                ctx.addFilter(h, p, EnumSet.of(DispatcherType.REQUEST));
            }
        }
        for (Deployment.Component s : d.servlets) {
            ServletHolder h = new ServletHolder();
            h.setName(s.name());
            h.setClassName(s.className());
            h.setInitParameters(s.initParams());
            h.setInitOrder(1);
            h.setAsyncSupported(true);
            for (String p : s.patterns()) {
                ctx.addServlet(h, p);
            }
        }
        server.setHandler(ctx);
        server.start();
        if (!ctx.isAvailable()) {
            server.stop();
            throw new IllegalStateException("deployment failed: the context is unavailable");
        }
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String name() {
        return "jetty";
    }
}
