package org.edgecache.it;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Child-JVM main for {@link CrashRestartIT}: Jetty 12 serving the built WAR (its default web.xml, the origin and
 * store directory from the system properties EDGECACHE_ORIGIN and EDGECACHE_STORE) on an ephemeral port, which it
 * prints as {@code PORT <n>}; then it runs until it is killed.
 *
 * <p>Arguments: the WAR, a work directory for Jetty.
 */
public final class WarServerMain {
    private WarServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(args[0], "/");
        webapp.setTempDirectory(Files.createDirectories(Path.of(args[1], "jetty-tmp")).toFile());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        if (!webapp.isAvailable()) {
            System.out.println("UNAVAILABLE");
            System.exit(2);
        }
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        server.join();
    }
}
